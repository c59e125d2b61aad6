import CCairo
import Foundation
import ProceduralImages
import Tensors

/// A dandelion (Taraxacum): a dense, fluffy head of many thin yellow florets in several layers,
/// or, when gone to seed, a white seed clock of fine radiating pappus hairs.
struct Dandelion: FlowerPainter {
    let typicalRadius: ClosedRange<Double> = 0.12...0.36

    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        // A leafless hollow stem; the toothed leaves grow in a rosette near the ground.
        Foliage.stem(on: canvas, fromX: pose.x, y: pose.y, width: max(1.2, pose.radius * 0.07),
                     color: Greens.stem(using: &random).mixed(with: Color(0.7, 0.75, 0.5), fraction: 0.3), using: &random)
        guard random.chance(0.5) else { return }
        let leafColor = Greens.leaf(using: &random)
        let bottom = Double(canvas.height)
        for _ in 0..<random.integer(in: 1...3) {
            Foliage.leaf(on: canvas, x: pose.x + random.gaussian(pose.radius), y: bottom + 4,
                         angle: -Double.pi / 2 + random.gaussian(0.6), length: pose.radius * random.uniform(1.2, 2),
                         width: pose.radius * random.uniform(0.3, 0.45), color: leafColor, serrated: true,
                         using: &random)
        }
    }

    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        if random.chance(0.28) {
            paintSeedClock(on: canvas, pose: pose, using: &random)
        } else {
            paintBloom(on: canvas, pose: pose, using: &random)
        }
    }

    /// The yellow bloom: outer layers long and pale, inner layers short, dense and deeper yellow.
    private func paintBloom(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let yellow = Color(hue: random.uniform(44, 56), saturation: random.uniform(0.85, 1),
                           value: random.uniform(0.9, 1))
        let layers = random.integer(in: 4...6)
        canvas.inHeadFrame(pose) {
            if random.chance(0.5) { paintBracts(on: canvas, radius: pose.radius, using: &random) }
            for layer in 0..<layers {
                let fraction = 1 - Double(layer) / Double(layers)
                let count = Int(Double(random.integer(in: 36...56)) * (0.5 + fraction * 0.6))
                let length = pose.radius * (0.25 + 0.75 * fraction)
                let color = yellow.mixed(with: Color(0.95, 0.6, 0.05), fraction: (1 - fraction) * 0.45)
                let florets = (0..<count).map { _ in
                    PetalPlacement(x: 0, y: 0, angle: random.uniform(0, 2 * Double.pi),
                                   length: length * random.uniform(0.8, 1.05), width: pose.radius * random.uniform(0.06, 0.1))
                }
                canvas.petalRing(.strap, florets, color: color, baseShade: 0.8, innerRadius: 0, outerRadius: length,
                                 rim: 0.35, using: &random)
            }
            canvas.ellipse(x: 0, y: 0, radiusX: pose.radius * 0.14, radiusY: pose.radius * 0.14)
            canvas.setColor(yellow.mixed(with: Color(0.85, 0.5, 0.05), fraction: 0.5))
            cairo_fill(canvas.context)
        }
    }

    /// The green bracts under the head, curled back between the outer florets.
    private func paintBracts(on canvas: Canvas, radius: Double, using random: inout SeededGenerator) {
        let green = Greens.stem(using: &random)
        let bracts = (0..<random.integer(in: 8...14)).map { _ in
            PetalPlacement(x: 0, y: 0, angle: random.uniform(0, 2 * Double.pi),
                           length: radius * random.uniform(0.9, 1.15), width: radius * 0.08)
        }
        canvas.petalRing(.pointed, bracts, color: green, baseShade: 0.8, innerRadius: 0, outerRadius: radius,
                         rim: 0.2, using: &random)
    }

    /// The seed clock: a hazy white sphere of hairs, each ending in a small tuft, around a small core.
    private func paintSeedClock(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let cr = canvas.context
        let hairColor = Color(0.96, 0.96, 0.93).jittered(0.03, using: &random)
        canvas.isolated {
            cairo_translate(cr, pose.x, pose.y)
            canvas.ellipse(x: 0, y: 0, radiusX: pose.radius, radiusY: pose.radius)
            canvas.fillRadial(center: (0, 0), radius: pose.radius, hairColor, hairColor,
                              innerAlpha: 0.45, outerAlpha: 0.12)
            cairo_new_path(cr)
            let hairs = random.integer(in: 110...190)
            cairo_set_line_width(cr, max(0.3, pose.radius * 0.012))
            for _ in 0..<hairs {
                let angle = random.uniform(0, 2 * Double.pi)
                let length = pose.radius * random.uniform(0.82, 1)
                let tipX = length * cos(angle), tipY = length * sin(angle)
                canvas.setColor(hairColor, alpha: random.uniform(0.45, 0.8))
                cairo_move_to(cr, 0, 0)
                cairo_line_to(cr, tipX, tipY)
                cairo_stroke(cr)
                canvas.ellipse(x: tipX, y: tipY, radiusX: pose.radius * 0.06, radiusY: pose.radius * 0.06)
                canvas.setColor(hairColor, alpha: 0.35)
                cairo_fill(cr)
            }
            canvas.ellipse(x: 0, y: 0, radiusX: pose.radius * 0.12, radiusY: pose.radius * 0.12)
            canvas.setColor(Color(0.55, 0.45, 0.3).jittered(0.05, using: &random))
            cairo_fill(cr)
        }
    }
}
