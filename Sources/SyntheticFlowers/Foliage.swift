import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Where and how a flower head sits in the image.
struct FlowerPose {
    /// Centre of the head, in pixels.
    var x: Double
    var y: Double
    /// Outer radius of the head (petal tips), in pixels.
    var radius: Double
    /// In-plane rotation of the petal ring, in radians.
    var spin: Double
    /// Foreshortening of a head that faces away from the camera: 1 faces it, 0.4 is seen nearly edge-on.
    var tilt: Double
    /// Direction (radians) along which the head is foreshortened.
    var tiltAxis: Double
}

/// Stems, leaves and grass: the green parts every class shares, so that none of them marks a class.
enum Foliage {
    /// A curved stem from a head at (x, y) down past the bottom edge; returns points along it
    /// (as fractions 0.3...0.9 of its length) where leaves may attach, with the stem's direction there.
    @discardableResult
    static func stem(on canvas: Canvas, fromX x: Double, y: Double, width: Double, color: Color,
                     using random: inout SeededGenerator) -> [(x: Double, y: Double, angle: Double)] {
        let cr = canvas.context
        let bottom = Double(canvas.height) + width * 2
        let drift = random.gaussian(Double(canvas.width) * 0.12)
        let endX = x + drift
        let bend1 = x + random.gaussian(width * 4)
        let bend2 = endX + random.gaussian(width * 4)
        let span = bottom - y
        let p0 = (x, y), p1 = (bend1, y + span * 0.35), p2 = (bend2, y + span * 0.7), p3 = (endX, bottom)
        cairo_move_to(cr, p0.0, p0.1)
        cairo_curve_to(cr, p1.0, p1.1, p2.0, p2.1, p3.0, p3.1)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        canvas.setColor(color.shaded(0.7))
        cairo_set_line_width(cr, width)
        cairo_stroke_preserve(cr)
        canvas.setColor(color.shaded(1.25), alpha: 0.6)
        cairo_set_line_width(cr, width * 0.35)
        cairo_stroke(cr)
        return [0.35, 0.55, 0.8].map { t in
            let point = bezier(p0, p1, p2, p3, t)
            let ahead = bezier(p0, p1, p2, p3, t + 0.01)
            return (point.0, point.1, atan2(ahead.1 - point.1, ahead.0 - point.0))
        }
    }

    /// A leaf with a midrib, from its base at (x, y) towards `angle`; toothed edges when `serrated`.
    static func leaf(on canvas: Canvas, x: Double, y: Double, angle: Double, length: Double, width: Double,
                     color: Color, serrated: Bool = false, using random: inout SeededGenerator) {
        let cr = canvas.context
        canvas.isolated {
            cairo_translate(cr, x, y)
            cairo_rotate(cr, angle)
            if serrated {
                toothedOutline(on: canvas, length: length, width: width, teeth: random.integer(in: 6...11))
            } else {
                PetalShape.pointed.addPath(to: canvas, length: length, width: width)
            }
            let light = color.shaded(random.uniform(1.1, 1.35))
            canvas.fillLinear(from: (0, -width / 2), light, to: (0, width / 2), color.shaded(0.75))
            canvas.setColor(color.shaded(0.5), alpha: 0.5)
            cairo_set_line_width(cr, max(0.5, width * 0.04))
            cairo_stroke(cr)
            cairo_move_to(cr, 0, 0)
            cairo_curve_to(cr, length * 0.3, width * 0.04, length * 0.6, width * 0.03, length * 0.92, 0)
            canvas.setColor(color.shaded(1.5), alpha: 0.55)
            cairo_set_line_width(cr, max(0.5, width * 0.05))
            cairo_stroke(cr)
        }
    }

    /// Grass blades rising from the bottom edge, drawn in front of or behind the flowers.
    static func grass(on canvas: Canvas, count: Int, maxHeight: Double, using random: inout SeededGenerator) {
        let cr = canvas.context
        let base = Greens.leaf(using: &random)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        for _ in 0..<count {
            let x = random.uniform(-5, Double(canvas.width) + 5)
            let height = maxHeight * random.uniform(0.3, 1)
            let lean = random.gaussian(height * 0.35)
            let bottom = Double(canvas.height) + 2
            cairo_move_to(cr, x, bottom)
            cairo_curve_to(cr, x, bottom - height * 0.5, x + lean * 0.5, bottom - height * 0.8,
                           x + lean, bottom - height)
            canvas.setColor(base.jittered(0.08, using: &random).shaded(random.uniform(0.6, 1.2)))
            cairo_set_line_width(cr, random.uniform(0.8, 2.6) * Double(canvas.width) / 160)
            cairo_stroke(cr)
        }
    }

    /// A leaf outline with saw teeth along both edges (rose leaflets, dandelion leaves).
    private static func toothedOutline(on canvas: Canvas, length: Double, width: Double, teeth: Int) {
        let cr = canvas.context
        let half = width / 2
        func edge(_ t: Double) -> Double { half * 1.2 * sin(Double.pi * pow(t, 0.8)) }
        cairo_new_sub_path(cr)
        cairo_move_to(cr, 0, 0)
        for side in [1.0, -1.0] {
            let steps = side > 0 ? Array(1...teeth) : Array((0..<teeth).reversed())
            for i in steps {
                let t = Double(i) / Double(teeth)
                let tMid = (Double(i) - 0.5) / Double(teeth)
                if side > 0 {
                    cairo_line_to(cr, length * tMid, side * edge(tMid) * 0.8)
                    cairo_line_to(cr, length * t, side * edge(t) * (i == teeth ? 0 : 1.05))
                } else {
                    cairo_line_to(cr, length * (t + 0.5 / Double(teeth)), side * edge(t + 0.5 / Double(teeth)) * 0.8)
                    cairo_line_to(cr, length * t, side * edge(t) * 1.05)
                }
            }
        }
        cairo_close_path(cr)
    }

    private static func bezier(_ p0: (Double, Double), _ p1: (Double, Double), _ p2: (Double, Double),
                               _ p3: (Double, Double), _ t: Double) -> (Double, Double) {
        let u = 1 - t
        let a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t
        return (a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0, a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1)
    }
}
