import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Everyday objects and living things as simple silhouettes in the unit frame (centred on
/// the origin, within radius 1, y down), each with a detail colour for its telling parts.
enum Objects {
    static func leaf(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let width = random.uniform(0.35, 0.55)
        cairo_move_to(context, 0, -0.95)
        cairo_curve_to(context, width * 1.4, -0.5, width * 1.2, 0.4, 0, 0.75)
        cairo_curve_to(context, -width * 1.2, 0.4, -width * 1.4, -0.5, 0, -0.95)
        cairo_close_path(context)
        ink.fillMain(canvas)
        // Midrib and stalk, then paired veins.
        canvas.polyline([(0, -0.8), (0, 1)])
        ink.strokeDetail(canvas, width: 0.06)
        for step in 1...4 {
            let y = -0.6 + Double(step) * 0.28
            canvas.polyline([(-width * 0.75, y - 0.2), (0, y), (width * 0.75, y - 0.2)])
        }
        ink.strokeDetail(canvas, width: 0.035)
    }

    static func fish(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let height = random.uniform(0.38, 0.55)
        canvas.ellipse(x: -0.15, y: 0, radiusX: 0.7, radiusY: height)
        canvas.polygon([(0.45, 0), (0.98, -0.5), (0.88, 0), (0.98, 0.5)])
        ink.fillMain(canvas)
        canvas.polygon([(-0.3, -height * 0.9), (0.05, -height - 0.25), (0.2, -height * 0.8)])
        ink.fillDetail(canvas)
        canvas.circle(x: -0.55, y: -height * 0.25, radius: 0.09)
        ink.fillDetail(canvas)
        canvas.polyline([(-0.32, -height * 0.6), (-0.25, 0), (-0.32, height * 0.6)])
        ink.strokeDetail(canvas, width: 0.05)
    }

    static func house(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let halfWidth = random.uniform(0.6, 0.8), eaves = random.uniform(-0.15, 0.05)
        cairo_rectangle(canvas.context, -halfWidth, eaves, 2 * halfWidth, 0.9 - eaves)
        ink.fillMain(canvas)
        canvas.polygon([(-halfWidth - 0.15, eaves + 0.02), (0, -0.9), (halfWidth + 0.15, eaves + 0.02)])
        ink.fillDetail(canvas)
        cairo_rectangle(canvas.context, -0.12, 0.4, 0.26, 0.5)
        cairo_rectangle(canvas.context, halfWidth * 0.35, eaves + 0.2, 0.25, 0.22)
        ink.fillDetail(canvas)
    }

    static func tree(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        cairo_rectangle(canvas.context, -0.11, 0.1, 0.22, 0.88)
        ink.fillDetail(canvas)
        let crown = random.uniform(0.5, 0.62)
        canvas.circle(x: 0, y: -0.3, radius: crown)
        canvas.circle(x: -0.38, y: -0.05, radius: crown * 0.7)
        canvas.circle(x: 0.38, y: -0.05, radius: crown * 0.7)
        canvas.circle(x: 0, y: 0.05, radius: crown * 0.65)
        ink.fillMain(canvas)
    }

    static func cloud(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let puffs: [(Double, Double, Double)] = [(-0.55, 0.1, 0.35), (-0.15, -0.2, 0.45), (0.3, -0.1, 0.4),
                                                  (0.62, 0.15, 0.3)]
        for (x, y, radius) in puffs {
            canvas.circle(x: x, y: y + random.uniform(-0.06, 0.06), radius: radius * random.uniform(0.9, 1.1))
        }
        cairo_rectangle(canvas.context, -0.55, 0.1, 1.17, 0.35)
        ink.fillMain(canvas)
    }

    static func car(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let roof = random.uniform(-0.45, -0.3)
        canvas.polygon([(-0.95, 0.35), (-0.95, -0.02), (-0.55, -0.08), (-0.3, roof), (0.3, roof), (0.55, -0.08),
                        (0.95, 0), (0.95, 0.35)])
        ink.fillMain(canvas)
        canvas.polygon([(-0.24, roof + 0.07), (-0.02, roof + 0.07), (-0.02, -0.1), (-0.44, -0.1)])
        canvas.polygon([(0.04, roof + 0.07), (0.26, roof + 0.07), (0.44, -0.1), (0.04, -0.1)])
        ink.fillDetail(canvas)
        for x in [-0.55, 0.55] {
            canvas.circle(x: x, y: 0.35, radius: 0.22)
        }
        ink.fillDetail(canvas)
        for x in [-0.55, 0.55] {
            cairo_new_sub_path(context)
            cairo_arc(context, x, 0.35, 0.09, 0, 2 * Double.pi)
        }
        ink.fillMain(canvas)
    }

    static func key(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let bow = random.uniform(0.3, 0.4)
        GeometricShapes.withEvenOdd(canvas) {
            canvas.circle(x: -0.6, y: 0, radius: bow)
            canvas.circle(x: -0.6, y: 0, radius: bow * 0.45)
            ink.fillMain(canvas)
        }
        cairo_rectangle(canvas.context, -0.62 + bow * 0.9, -0.08, 1.55 - bow * 0.9, 0.16)
        ink.fillMain(canvas)
        let teeth = random.integer(in: 2...3)
        for tooth in 0..<teeth {
            let x = 0.78 - Double(tooth) * 0.2
            cairo_rectangle(canvas.context, x, 0.05, 0.11, random.uniform(0.15, 0.3))
        }
        ink.fillMain(canvas)
    }

    static func umbrella(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        cairo_move_to(context, -0.95, -0.05)
        cairo_arc(context, 0, -0.05, 0.95, Double.pi, 2 * Double.pi)
        for scallop in 0..<4 {
            let right = 0.95 - Double(scallop) * 0.475
            cairo_arc_negative(context, right - 0.2375, -0.05, 0.2375, 0, Double.pi)
        }
        cairo_close_path(context)
        ink.fillMain(canvas)
        canvas.polyline([(0, -1), (0, 0.7)])
        cairo_arc(context, -0.15, 0.7, 0.15, 0, Double.pi)
        ink.strokeDetail(canvas, width: 0.08)
    }

    static func mushroom(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let stem = random.uniform(0.18, 0.28)
        canvas.polygon([(-stem, 0), (stem, 0), (stem * 1.2, 0.9), (-stem * 1.2, 0.9)])
        ink.fillDetail(canvas)
        let capWidth = random.uniform(0.8, 0.95), capHeight = random.uniform(0.6, 0.85)
        cairo_save(context)
        cairo_scale(context, capWidth, capHeight)
        cairo_arc(context, 0, 0.05, 1, Double.pi, 2 * Double.pi)
        cairo_restore(context)
        cairo_close_path(context)
        ink.fillMain(canvas)
        for (x, y) in [(-0.45, -0.2), (0.05, -0.45), (0.45, -0.15), (-0.1, -0.1)] {
            canvas.circle(x: x * capWidth, y: y * capHeight, radius: 0.09)
        }
        ink.fillDetail(canvas)
    }

    static func mug(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let width = random.uniform(0.5, 0.65)
        cairo_new_sub_path(context)
        cairo_arc(context, width - 0.05, 0.05, 0.38, -Double.pi / 2, Double.pi / 2)
        ink.strokeMain(canvas, width: 0.14)
        canvas.polygon([(-width - 0.2, -0.7), (width - 0.05, -0.7), (width - 0.1, 0.8), (-width - 0.15, 0.8)])
        ink.fillMain(canvas)
        cairo_rectangle(context, -width - 0.2, -0.7, width * 2 + 0.15, 0.14)
        ink.fillDetail(canvas)
    }

    static func sailboat(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        canvas.polygon([(-0.95, 0.45), (0.95, 0.45), (0.65, 0.85), (-0.65, 0.85)])
        ink.fillDetail(canvas)
        canvas.polyline([(0, -0.95), (0, 0.45)])
        ink.strokeDetail(canvas, width: 0.06)
        let reach = random.uniform(0.6, 0.8)
        canvas.polygon([(0.06, -0.9), (0.06, 0.35), (reach, 0.35)])
        canvas.polygon([(-0.06, -0.7), (-0.06, 0.35), (-reach * 0.75, 0.35)])
        ink.fillMain(canvas)
    }

    static func sun(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let rays = random.integer(in: 8...12), disc = random.uniform(0.45, 0.55)
        for ray in 0..<rays {
            let angle = Double(ray) * 2 * Double.pi / Double(rays)
            canvas.polyline([(cos(angle) * (disc + 0.12), sin(angle) * (disc + 0.12)),
                             (cos(angle) * 0.95, sin(angle) * 0.95)])
        }
        ink.strokeMain(canvas, width: 0.1)
        canvas.circle(x: 0, y: 0, radius: disc)
        ink.fillMain(canvas)
    }

    static func snowflake(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let branch = random.uniform(0.2, 0.32), at = random.uniform(0.45, 0.6)
        for arm in 0..<6 {
            let angle = Double(arm) * Double.pi / 3
            let (dx, dy) = (cos(angle), sin(angle))
            canvas.polyline([(0, 0), (dx * 0.95, dy * 0.95)])
            for side in [-1.0, 1.0] {
                let twig = angle + side * Double.pi / 4
                canvas.polyline([(dx * at, dy * at), (dx * at + cos(twig) * branch, dy * at + sin(twig) * branch)])
            }
        }
        ink.strokeMain(canvas, width: 0.1)
    }

    static func butterfly(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let spread = random.uniform(0.85, 1)
        for side in [-1.0, 1.0] {
            canvas.ellipse(x: side * 0.45 * spread, y: -0.35, radiusX: 0.45 * spread, radiusY: 0.42)
            canvas.ellipse(x: side * 0.35 * spread, y: 0.35, radiusX: 0.32 * spread, radiusY: 0.35)
        }
        ink.fillMain(canvas)
        for side in [-1.0, 1.0] {
            canvas.circle(x: side * 0.5 * spread, y: -0.35, radius: 0.13)
        }
        ink.fillDetail(canvas)
        canvas.ellipse(x: 0, y: 0, radiusX: 0.09, radiusY: 0.7)
        ink.fillDetail(canvas)
        canvas.polyline([(-0.3, -0.95), (0, -0.55), (0.3, -0.95)])
        ink.strokeDetail(canvas, width: 0.05)
    }

    static func bird(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        canvas.ellipse(x: 0, y: 0.1, radiusX: 0.55, radiusY: 0.4)
        canvas.circle(x: -0.5, y: -0.35, radius: 0.27)
        canvas.polygon([(0.35, -0.05), (0.98, -0.3), (0.92, 0.05), (0.45, 0.3)])
        ink.fillMain(canvas)
        canvas.polygon([(-0.75, -0.42), (-0.98, -0.3), (-0.75, -0.25)])
        ink.fillDetail(canvas)
        canvas.circle(x: -0.55, y: -0.4, radius: 0.06)
        ink.fillDetail(canvas)
        cairo_move_to(context, -0.25, 0.05)
        cairo_curve_to(context, 0, 0.35, 0.2, 0.3, 0.35, 0.05)
        ink.strokeDetail(canvas, width: 0.06)
        canvas.polyline([(-0.1, 0.45), (-0.15, 0.9)])
        canvas.polyline([(0.1, 0.45), (0.08, 0.9)])
        ink.strokeDetail(canvas, width: 0.05)
    }

    static func bottle(on canvas: Canvas, ink: Ink, using random: inout SeededGenerator) {
        let context = canvas.context
        let body = random.uniform(0.3, 0.4), shoulder = random.uniform(-0.2, 0)
        cairo_move_to(context, -body, 0.95)
        cairo_line_to(context, -body, shoulder)
        cairo_curve_to(context, -body, shoulder - 0.25, -0.12, shoulder - 0.25, -0.12, -0.55)
        cairo_line_to(context, -0.12, -0.8)
        cairo_line_to(context, 0.12, -0.8)
        cairo_line_to(context, 0.12, -0.55)
        cairo_curve_to(context, 0.12, shoulder - 0.25, body, shoulder - 0.25, body, shoulder)
        cairo_line_to(context, body, 0.95)
        cairo_close_path(context)
        ink.fillMain(canvas)
        cairo_rectangle(context, -0.14, -0.98, 0.28, 0.2)
        cairo_rectangle(context, -body, 0.2, 2 * body, 0.35)
        ink.fillDetail(canvas)
    }
}
