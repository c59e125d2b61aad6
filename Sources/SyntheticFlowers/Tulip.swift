import CCairo
import Foundation
import ProceduralImages
import Tensors

/// A tulip seen from the side: an upright cup of three to six overlapping egg-shaped petals
/// (the back ones in shadow) on a straight stem with long, broad blue-green leaves.
struct Tulip: FlowerPainter {
    let typicalRadius: ClosedRange<Double> = 0.14...0.36

    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let base = cupBase(pose)
        Foliage.stem(on: canvas, fromX: base.x, y: base.y, width: max(1.5, pose.radius * 0.13),
                     color: Greens.stem(using: &random), using: &random)
        guard random.chance(0.75) else { return }
        let leafColor = Color(hue: random.uniform(95, 150), saturation: random.uniform(0.35, 0.6),
                              value: random.uniform(0.4, 0.65))
        let bottom = Double(canvas.height) + pose.radius * 0.3
        for _ in 0..<random.integer(in: 1...2) {
            let rise = bottom - base.y
            Foliage.leaf(on: canvas, x: base.x + random.gaussian(pose.radius * 0.3), y: bottom,
                         angle: -Double.pi / 2 + random.sign() * random.uniform(0.1, 0.5),
                         length: max(pose.radius * 1.5, rise * random.uniform(0.6, 1)),
                         width: pose.radius * random.uniform(0.45, 0.7), color: leafColor, using: &random)
        }
    }

    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let cr = canvas.context
        let color = random.pick([
            (Color(0.85, 0.08, 0.1), 0.26), (Color(0.95, 0.45, 0.62), 0.18), (Color(0.98, 0.85, 0.15), 0.17),
            (Color(0.5, 0.15, 0.55), 0.1), (Color(0.97, 0.96, 0.9), 0.1), (Color(0.98, 0.5, 0.12), 0.12),
            (Color(0.75, 0.35, 0.75), 0.07),
        ]).jittered(0.04, using: &random)
        // Flamed varieties have edges of a second colour.
        let edge = random.chance(0.15) ? Color(0.98, 0.9, 0.3) : color.mixed(with: .white, fraction: 0.3)
        let height = pose.radius * 1.7
        let width = pose.radius * random.uniform(0.75, 1.0)
        let open = random.chance(0.2) ? random.uniform(0.15, 0.35) : random.uniform(0, 0.1)
        let petals = random.integer(in: 3...6)
        let back = petals / 2, front = petals - back
        canvas.isolated {
            cairo_translate(cr, pose.x, pose.y)
            cairo_rotate(cr, lean(pose))
            cairo_translate(cr, 0, height * 0.45)
            for i in 0..<back {
                let t = back == 1 ? 0 : Double(i) / Double(back - 1) - 0.5
                paintPetal(on: canvas, offset: t * width * 0.5, splay: t * (0.45 + open), height: height * 0.97,
                           width: width * 0.62, color: color.shaded(0.68), edge: edge.shaded(0.7), using: &random)
            }
            for i in 0..<front {
                let t = front == 1 ? 0 : Double(i) / Double(front - 1) - 0.5
                paintPetal(on: canvas, offset: t * width * 0.36, splay: t * (0.2 + open), height: height,
                           width: width * 0.74, color: color, edge: edge, using: &random)
            }
        }
    }

    /// An upright petal from the cup's base, greenish and dark low down, lit towards its tip.
    private func paintPetal(on canvas: Canvas, offset: Double, splay: Double, height: Double, width: Double,
                            color: Color, edge: Color, using random: inout SeededGenerator) {
        let cr = canvas.context
        canvas.isolated {
            cairo_translate(cr, offset, 0)
            cairo_rotate(cr, -Double.pi / 2 + splay + random.gaussian(0.04))
            let length = height * random.uniform(0.92, 1.05)
            PetalShape.goblet.addPath(to: canvas, length: length, width: width * random.uniform(0.9, 1.1))
            let base = color.mixed(with: Color(0.45, 0.55, 0.2), fraction: 0.35).shaded(0.7)
            canvas.fillLinear(from: (0, 0), base, to: (length * 0.55, 0), color)
            canvas.fillLinear(from: (0, -width / 2), color.shaded(1.15), to: (0, width / 2), color.shaded(0.8),
                              alpha: 0.35)
            canvas.setColor(edge, alpha: 0.7)
            cairo_set_line_width(cr, max(0.6, width * 0.05))
            cairo_stroke(cr)
            cairo_move_to(cr, length * 0.1, 0)
            cairo_line_to(cr, length * 0.85, 0)
            canvas.setColor(color.shaded(0.75), alpha: 0.35)
            cairo_set_line_width(cr, max(0.4, width * 0.03))
            cairo_stroke(cr)
        }
    }

    /// How far the flower leans from upright: tulips stand roughly straight.
    private func lean(_ pose: FlowerPose) -> Double { sin(pose.spin) * 0.3 }

    /// Where the stem meets the cup, in image coordinates.
    private func cupBase(_ pose: FlowerPose) -> (x: Double, y: Double) {
        let drop = pose.radius * 1.7 * 0.45
        let angle = lean(pose)
        return (pose.x - drop * sin(angle), pose.y + drop * cos(angle))
    }
}
