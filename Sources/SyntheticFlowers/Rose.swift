import CCairo
import Foundation
import ProceduralImages
import Tensors

/// A rose: layers of broad rounded petals wound in a spiral around a tight cupped centre,
/// dark in the folds and light on the curled edges; red, pink, white, yellow or orange.
struct Rose: FlowerPainter {
    let typicalRadius: ClosedRange<Double> = 0.14...0.4

    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        paintLeafyStem(on: canvas, pose: pose, widthFactor: 0.07, leafChance: 0.6, leafLength: 0.75,
                       leafWidth: 0.38, serrated: true, using: &random)
        guard random.chance(0.45) else { return }
        // Leaves just under the head, as on a cut rose or a bush.
        let leafColor = Greens.leaf(using: &random).shaded(0.8)
        for _ in 0..<random.integer(in: 1...3) {
            Foliage.leaf(on: canvas, x: pose.x, y: pose.y, angle: random.uniform(0, 2 * Double.pi),
                         length: pose.radius * random.uniform(1.1, 1.5), width: pose.radius * random.uniform(0.4, 0.6),
                         color: leafColor.jittered(0.04, using: &random), serrated: true, using: &random)
        }
    }

    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let color = random.pick([
            (Color(0.78, 0.05, 0.12), 0.3), (Color(0.55, 0.02, 0.1), 0.08), (Color(0.95, 0.5, 0.65), 0.17),
            (Color(0.98, 0.78, 0.82), 0.1), (Color(0.97, 0.95, 0.88), 0.1), (Color(0.98, 0.85, 0.3), 0.13),
            (Color(0.98, 0.6, 0.35), 0.12),
        ]).jittered(0.04, using: &random)
        let layers = random.integer(in: 4...6)
        let golden = Double.pi * (3 - 5.0.squareRoot())
        canvas.inHeadFrame(pose) {
            for layer in 0..<layers {
                let fraction = 1 - Double(layer) * 0.75 / Double(layers)
                let count = layer == 0 ? random.integer(in: 5...7) : random.integer(in: 4...5)
                let phase = pose.spin + Double(layer) * golden
                // Inner layers sit deeper in the cup, so they are darker.
                let layerColor = color.shaded(1 - Double(layer) * 0.07)
                for i in 0..<count {
                    let angle = phase + Double(i) * 2 * Double.pi / Double(count) + random.gaussian(0.12)
                    paintPetal(on: canvas, angle: angle, length: pose.radius * fraction * random.uniform(0.88, 1.05),
                               width: pose.radius * fraction * random.uniform(1.0, 1.3), color: layerColor)
                }
            }
            paintSpiralCentre(on: canvas, radius: pose.radius * random.uniform(0.22, 0.32), color: color,
                              using: &random)
        }
    }

    /// One broad petal from the centre: shadowed at its base, lit and curled at its rim.
    private func paintPetal(on canvas: Canvas, angle: Double, length: Double, width: Double, color: Color) {
        let cr = canvas.context
        canvas.isolated {
            cairo_rotate(cr, angle)
            PetalShape.rounded.addPath(to: canvas, length: length, width: width)
            canvas.fillRadial(center: (0, 0), radius: length, color.shaded(0.45), color.shaded(1.12))
            canvas.setColor(color.shaded(0.5), alpha: 0.55)
            cairo_set_line_width(cr, max(0.5, length * 0.035))
            cairo_stroke(cr)
            // The curled-back rim catches the light.
            cairo_arc(cr, length * 0.45, 0, length * 0.52, -0.9, 0.9)
            canvas.setColor(color.mixed(with: .white, fraction: 0.45), alpha: 0.55)
            cairo_set_line_width(cr, max(0.5, length * 0.05))
            cairo_stroke(cr)
        }
    }

    /// The tightly wound centre: nested arcs of petal edges around a dark heart.
    private func paintSpiralCentre(on canvas: Canvas, radius: Double, color: Color,
                                   using random: inout SeededGenerator) {
        let cr = canvas.context
        canvas.ellipse(x: 0, y: 0, radiusX: radius, radiusY: radius)
        canvas.fillRadial(center: (0, 0), radius: radius, color.shaded(0.35), color.shaded(0.85))
        cairo_new_path(cr)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        let turns = random.integer(in: 4...6)
        var start = random.uniform(0, 2 * Double.pi)
        for turn in 0..<turns {
            let r = radius * (0.25 + 0.75 * Double(turn + 1) / Double(turns))
            let offset = radius * 0.12
            cairo_new_sub_path(cr)
            cairo_arc(cr, offset * cos(start), offset * sin(start), r, start, start + random.uniform(2.5, 4.2))
            canvas.setColor(color.mixed(with: .white, fraction: 0.35), alpha: 0.8)
            cairo_set_line_width(cr, max(0.5, radius * 0.1))
            cairo_stroke_preserve(cr)
            canvas.setColor(color.shaded(0.4), alpha: 0.6)
            cairo_set_line_width(cr, max(0.3, radius * 0.04))
            cairo_stroke(cr)
            start += random.uniform(1.8, 2.8)
        }
    }
}
