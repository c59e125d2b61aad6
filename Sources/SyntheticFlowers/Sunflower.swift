import CCairo
import Foundation
import ProceduralImages
import Tensors

/// A sunflower (Helianthus): a large dark brown seed disc in a golden spiral, fringed by
/// one or two rings of pointed yellow-orange rays; often large in the frame, on a thick stem.
struct Sunflower: FlowerPainter {
    let typicalRadius: ClosedRange<Double> = 0.2...0.55

    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        // Broad heart-shaped leaves; drawn as wide pointed leaves.
        paintLeafyStem(on: canvas, pose: pose, widthFactor: 0.12, leafChance: 0.6, leafLength: 0.8,
                       leafWidth: 0.5, serrated: random.chance(0.3), using: &random)
    }

    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let rayColor = Color(hue: random.uniform(36, 52), saturation: random.uniform(0.8, 1),
                             value: random.uniform(0.85, 1))
        let discColor = random.pick([
            (Color(0.25, 0.14, 0.05), 0.6), (Color(0.16, 0.1, 0.05), 0.25), (Color(0.4, 0.28, 0.08), 0.15),
        ]).jittered(0.03, using: &random)
        let discRadius = pose.radius * random.uniform(0.32, 0.55)
        let rayCount = random.integer(in: 18...34)
        let rayWidth = pose.radius * random.uniform(0.16, 0.26) * 24 / Double(rayCount)
        canvas.inHeadFrame(pose) {
            // Back ring first, a little darker and offset by half a ray.
            for ring in [1, 0] {
                let start = discRadius * 0.8
                let rays = (0..<rayCount).map { i in
                    let angle = pose.spin + Double(ring) * Double.pi / Double(rayCount)
                        + Double(i) * 2 * Double.pi / Double(rayCount) + random.gaussian(0.06)
                    return PetalPlacement(x: start * cos(angle), y: start * sin(angle), angle: angle,
                                          length: (pose.radius - start) * random.uniform(0.75, 1.05) * (ring == 1 ? 0.95 : 1),
                                          width: rayWidth * random.uniform(0.8, 1.2))
                }
                canvas.petalRing(.pointed, rays, color: rayColor.shaded(ring == 1 ? 0.82 : 1), baseShade: 0.7,
                                 innerRadius: discRadius, outerRadius: pose.radius * 0.8, rim: 0.2, using: &random)
            }
            paintDisc(on: canvas, radius: discRadius, color: discColor, using: &random)
        }
    }

    /// The seed disc: a darker centre, a ring of lighter fertile florets at the rim, spiral seeds.
    private func paintDisc(on canvas: Canvas, radius: Double, color: Color, using random: inout SeededGenerator) {
        let cr = canvas.context
        canvas.ellipse(x: 0, y: 0, radiusX: radius, radiusY: radius)
        canvas.fillRadial(center: (0, 0), radius: radius, color.shaded(random.uniform(0.6, 1.3)), color)
        cairo_new_path(cr)
        canvas.floretSpiral(radius: radius * 0.97, count: Int(radius * radius * 0.9) + 30,
                            dotSize: max(0.4, radius * 0.035), dark: color.shaded(0.5),
                            light: color.mixed(with: Color(0.55, 0.4, 0.12), fraction: 0.5), using: &random)
        // The rim of open florets, often lighter and orange.
        canvas.ellipse(x: 0, y: 0, radiusX: radius, radiusY: radius)
        canvas.setColor(color.mixed(with: Color(0.6, 0.35, 0.05), fraction: 0.6), alpha: 0.7)
        cairo_set_line_width(cr, max(0.8, radius * 0.1))
        cairo_stroke(cr)
    }
}
