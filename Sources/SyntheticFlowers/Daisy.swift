import CCairo
import Foundation
import ProceduralImages
import Tensors

/// A daisy (Bellis, Leucanthemum): one ring of narrow white rays around a small yellow disc.
/// Some are pink or lilac (as garden daisies and asters are), so colour alone does not give the class.
struct Daisy: FlowerPainter {
    let typicalRadius: ClosedRange<Double> = 0.14...0.4

    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        paintLeafyStem(on: canvas, pose: pose, widthFactor: 0.06, leafChance: 0.4, leafLength: 0.7,
                       leafWidth: 0.18, serrated: random.chance(0.5), using: &random)
    }

    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator) {
        let rayColor = random.pick([
            (Color(0.97, 0.97, 0.95), 0.72), (Color(0.99, 0.95, 0.97), 0.1),
            (Color(0.95, 0.62, 0.78), 0.1), (Color(0.8, 0.68, 0.92), 0.08),
        ]).jittered(0.03, using: &random)
        let discColor = Color(hue: random.uniform(42, 54), saturation: random.uniform(0.8, 1),
                              value: random.uniform(0.85, 1))
        let discRadius = pose.radius * random.uniform(0.18, 0.3)
        let rayCount = random.integer(in: 16...34)
        let rayWidth = pose.radius * random.uniform(0.09, 0.15) * 21 / Double(rayCount) * 1.3
        let rings = random.chance(0.35) ? 2 : 1
        canvas.inHeadFrame(pose) {
            for ring in (0..<rings).reversed() {
                let offset = Double(ring) * Double.pi / Double(rayCount)
                let ringLength = pose.radius * (ring == 0 ? 1 : 0.9)
                let rays = (0..<rayCount).map { i in
                    let angle = pose.spin + offset + Double(i) * 2 * Double.pi / Double(rayCount) + random.gaussian(0.04)
                    return PetalPlacement(x: discRadius * 0.5 * cos(angle), y: discRadius * 0.5 * sin(angle),
                                          angle: angle, length: (ringLength - discRadius * 0.5) * random.uniform(0.85, 1.05),
                                          width: rayWidth * random.uniform(0.8, 1.15))
                }
                canvas.petalRing(.strap, rays, color: rayColor.shaded(ring == 1 ? 0.85 : 1), baseShade: 0.8,
                                 innerRadius: discRadius, outerRadius: pose.radius * 0.6, rim: 0.3, using: &random)
            }
            paintDisc(on: canvas, radius: discRadius, color: discColor, using: &random)
        }
    }

    /// The yellow disc: a dome lit from the top-left, with tiny florets.
    private func paintDisc(on canvas: Canvas, radius: Double, color: Color, using random: inout SeededGenerator) {
        canvas.ellipse(x: 0, y: 0, radiusX: radius, radiusY: radius)
        canvas.fillRadial(center: (-radius * 0.3, -radius * 0.3), radius: radius * 1.3,
                          color.shaded(1.15), color.mixed(with: Color(0.6, 0.4, 0.05), fraction: 0.5))
        cairo_new_path(canvas.context)
        canvas.floretSpiral(radius: radius * 0.92, count: Int(radius * radius * 0.8) + 12,
                            dotSize: max(0.35, radius * 0.06), dark: color.shaded(0.7), light: color.shaded(1.2),
                            using: &random)
    }
}
