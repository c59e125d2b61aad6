import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Geometric shapes in the unit frame (centred on the origin, within radius 1, y down).
/// Each varies in its proportions within what keeps it the same shape.
enum GeometricShapes {
    static func circle(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        canvas.circle(x: 0, y: 0, radius: 1)
        ink.fillMain(canvas)
    }

    static func ring(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let hole = random.uniform(0.45, 0.72)
        withEvenOdd(canvas) {
            canvas.circle(x: 0, y: 0, radius: 1)
            canvas.circle(x: 0, y: 0, radius: hole)
            ink.fillMain(canvas)
        }
    }

    static func triangle(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let corners = (0..<3).map { index -> (Double, Double) in
            let angle = -Double.pi / 2 + Double(index) * 2 * Double.pi / 3 + random.uniform(-0.2, 0.2)
            return (cos(angle), sin(angle) * 1.05 + 0.1)
        }
        canvas.polygon(corners)
        ink.fillMain(canvas)
    }

    static func square(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let half = 0.72, aspect = random.uniform(0.85, 1)
        cairo_rectangle(canvas.context, -half, -half * aspect, 2 * half, 2 * half * aspect)
        ink.fillMain(canvas)
    }

    static func pentagon(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        canvas.polygon(regularPolygon(sides: 5, radius: 1, phase: -Double.pi / 2))
        ink.fillMain(canvas)
    }

    static func hexagon(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        canvas.polygon(regularPolygon(sides: 6, radius: 1, phase: 0))
        ink.fillMain(canvas)
    }

    static func star(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let inner = random.uniform(0.36, 0.5)
        let points = (0..<10).map { index -> (Double, Double) in
            let angle = -Double.pi / 2 + Double(index) * Double.pi / 5
            let radius = index.isMultiple(of: 2) ? 1 : inner
            return (cos(angle) * radius, sin(angle) * radius + 0.08)
        }
        canvas.polygon(points)
        ink.fillMain(canvas)
    }

    static func cross(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let arm = random.uniform(0.24, 0.36), reach = 0.9
        canvas.polygon([(-arm, -reach), (arm, -reach), (arm, -arm), (reach, -arm), (reach, arm), (arm, arm),
                        (arm, reach), (-arm, reach), (-arm, arm), (-reach, arm), (-reach, -arm), (-arm, -arm)])
        ink.fillMain(canvas)
    }

    static func heart(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let lobe = random.uniform(0.9, 1.1)
        cairo_move_to(context, 0, 0.9)
        cairo_curve_to(context, -0.55 * lobe, 0.45, -1.05 * lobe, 0.05, -0.95 * lobe, -0.4)
        cairo_curve_to(context, -0.85 * lobe, -0.95, -0.15, -0.95, 0, -0.5)
        cairo_curve_to(context, 0.15, -0.95, 0.85 * lobe, -0.95, 0.95 * lobe, -0.4)
        cairo_curve_to(context, 1.05 * lobe, 0.05, 0.55 * lobe, 0.45, 0, 0.9)
        cairo_close_path(context)
        ink.fillMain(canvas)
    }

    static func arrow(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let shaft = random.uniform(0.14, 0.24), head = random.uniform(0.45, 0.6), neck = random.uniform(0.15, 0.4)
        canvas.polygon([(-0.95, -shaft), (neck, -shaft), (neck, -head), (0.95, 0), (neck, head), (neck, shaft),
                        (-0.95, shaft)])
        ink.fillMain(canvas)
    }

    static func crescent(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let bite = random.uniform(0.8, 0.95), offset = random.uniform(0.35, 0.55)
        carved(canvas, ink: ink) {
            canvas.circle(x: 0, y: 0, radius: 1)
        } hole: {
            canvas.circle(x: offset, y: -0.1, radius: bite)
        }
    }

    static func spiral(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let turns = random.uniform(2.3, 3.2), width = random.uniform(0.09, 0.14)
        let steps = Int(turns * 40)
        let end = turns * 2 * Double.pi
        let points = (0...steps).map { index -> (Double, Double) in
            let angle = end * Double(index) / Double(steps)
            let radius = 0.92 * angle / end
            return (cos(angle) * radius, sin(angle) * radius)
        }
        canvas.polyline(points)
        ink.strokeMain(canvas, width: width)
    }

    static func lightning(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let jag = random.uniform(0.15, 0.3)
        canvas.polygon([(0.15, -1), (0.55, -1), (0.15 + jag, -0.15), (0.5, -0.15), (-0.35, 1), (-0.05, 0.12),
                        (-0.4, 0.12)])
        ink.fillMain(canvas)
    }

    static func teardrop(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let radius = random.uniform(0.55, 0.68), center = 1 - radius
        let distance = center + 1
        let spread = acos(radius / distance)
        let context = canvas.context
        cairo_move_to(context, 0, -1)
        cairo_arc(context, 0, center, radius, -Double.pi / 2 + spread, 3 * Double.pi / 2 - spread)
        cairo_close_path(context)
        ink.fillMain(canvas)
    }

    /// The corners of a regular polygon.
    static func regularPolygon(sides: Int, radius: Double, phase: Double) -> [(Double, Double)] {
        (0..<sides).map { index in
            let angle = phase + Double(index) * 2 * Double.pi / Double(sides)
            return (cos(angle) * radius, sin(angle) * radius)
        }
    }

    /// Runs `body` with the even-odd fill rule, so nested sub-paths become holes.
    static func withEvenOdd(_ canvas: Canvas, _ body: () -> Void) {
        cairo_set_fill_rule(canvas.context, CAIRO_FILL_RULE_EVEN_ODD)
        body()
        cairo_set_fill_rule(canvas.context, CAIRO_FILL_RULE_WINDING)
    }

    /// Fills `shape` with the main ink minus `hole`, composited in a group so that the hole
    /// shows whatever lies beneath rather than a colour.
    static func carved(_ canvas: Canvas, ink: Ink, shape: () -> Void, hole: () -> Void) {
        let context = canvas.context
        cairo_push_group(context)
        shape()
        ink.fillMain(canvas)
        cairo_set_operator(context, CAIRO_OPERATOR_CLEAR)
        hole()
        cairo_fill(context)
        cairo_set_operator(context, CAIRO_OPERATOR_OVER)
        cairo_pop_group_to_source(context)
        cairo_paint(context)
    }
}
