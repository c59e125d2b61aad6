import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Paints one kind of flower: its stem and leaves first, then its head over them.
protocol FlowerPainter {
    /// Head radii this kind usually has, as fractions of the image side.
    var typicalRadius: ClosedRange<Double> { get }
    /// Draws the stem (and leaves) that hold the head at `pose`.
    func paintStem(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator)
    /// Draws the head at `pose`.
    func paintHead(on canvas: Canvas, pose: FlowerPose, using random: inout SeededGenerator)
}

extension FlowerPainter {
    /// A stem under the head with a few leaves, shared by the flowers seen from above.
    func paintLeafyStem(on canvas: Canvas, pose: FlowerPose, widthFactor: Double, leafChance: Double,
                        leafLength: Double, leafWidth: Double, serrated: Bool,
                        using random: inout SeededGenerator) {
        let stemColor = Greens.stem(using: &random)
        let leafColor = Greens.leaf(using: &random)
        let width = max(1.2, pose.radius * widthFactor)
        let joints = Foliage.stem(on: canvas, fromX: pose.x, y: pose.y, width: width, color: stemColor,
                                  using: &random)
        for joint in joints where random.chance(leafChance) {
            let side = random.sign()
            let angle = joint.angle + side * random.uniform(1.9, 2.6)
            Foliage.leaf(on: canvas, x: joint.x, y: joint.y, angle: angle,
                         length: pose.radius * leafLength * random.uniform(0.7, 1.2),
                         width: pose.radius * leafWidth * random.uniform(0.7, 1.2),
                         color: leafColor.jittered(0.04, using: &random), serrated: serrated, using: &random)
        }
    }
}

extension Canvas {
    /// Runs `body` in the head's frame: origin at its centre, foreshortened along its tilt axis.
    func inHeadFrame(_ pose: FlowerPose, _ body: () -> Void) {
        isolated {
            cairo_translate(context, pose.x, pose.y)
            cairo_rotate(context, pose.tiltAxis)
            cairo_scale(context, 1, pose.tilt)
            cairo_rotate(context, -pose.tiltAxis)
            body()
        }
    }

    /// A disc of seeds or florets in a sunflower spiral (golden angle, Vogel's model), each dot
    /// shaded between two colours so the disc has texture rather than a flat fill. Dots are
    /// filled in a few colour batches: one fill per batch is far cheaper than one per dot.
    /// At most `maxCount` dots are drawn (enlarged to keep the coverage): more add no visible detail.
    func floretSpiral(radius: Double, count requested: Int, dotSize requestedSize: Double, dark: Color, light: Color,
                      maxCount: Int = 900, using random: inout SeededGenerator) {
        let count = min(requested, maxCount)
        let dotSize = requestedSize * (Double(requested) / Double(count)).squareRoot()
        let goldenAngle = Double.pi * (3 - 5.0.squareRoot())
        let batches = 4
        var members = [[Int]](repeating: [], count: batches)
        for i in 0..<count { members[random.nextInt(below: batches)].append(i) }
        for (batch, dots) in members.enumerated() {
            for i in dots {
                let r = radius * (Double(i) / Double(count)).squareRoot()
                let theta = Double(i) * goldenAngle
                cairo_new_sub_path(context)
                cairo_arc(context, r * cos(theta), r * sin(theta), dotSize, 0, 2 * Double.pi)
            }
            setColor(dark.mixed(with: light, fraction: Double(batch) / Double(batches - 1)), alpha: 0.85)
            cairo_fill(context)
        }
    }
}
