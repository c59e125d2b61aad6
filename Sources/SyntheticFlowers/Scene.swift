import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Composes one photo-like image: a backdrop, one to three flowers of the class at varied
/// depth, position, size and angle (often cut by the border or overlapping), foreground
/// blades and leaves, and lighting.
enum Scene {
    static let painters: [FlowerPainter] = [Daisy(), Dandelion(), Rose(), Sunflower(), Tulip()]

    static func paint(classIndex: Int, on canvas: Canvas, using random: inout SeededGenerator) {
        let size = Double(canvas.width)
        let painter = painters[classIndex]
        Backdrop.random(using: &random).paint(on: canvas, using: &random)
        if random.chance(0.2) {
            Foliage.grass(on: canvas, count: random.integer(in: 10...40), maxHeight: size * 0.5, using: &random)
        }
        let poses = flowerPoses(for: painter, size: size, using: &random)
        for pose in poses {
            painter.paintStem(on: canvas, pose: pose, using: &random)
            painter.paintHead(on: canvas, pose: pose, using: &random)
        }
        paintForeground(on: canvas, size: size, using: &random)
        Lighting.paintSideLight(on: canvas, using: &random)
    }

    /// Poses sorted from far (small) to near (large), so nearer flowers overlap farther ones.
    static func flowerPoses(for painter: FlowerPainter, size: Double,
                            using random: inout SeededGenerator) -> [FlowerPose] {
        let count = random.pick([(1, 0.5), (2, 0.3), (3, 0.2)])
        var poses: [FlowerPose] = []
        for index in 0..<count {
            let range = painter.typicalRadius
            var radius = size * random.uniform(range.lowerBound, range.upperBound)
            let x: Double, y: Double
            if index == 0 {
                // The subject: near the centre, or pushed to a side so the border cuts it.
                // Not too low: a head mostly below the bottom edge would leave too little to see.
                let spread = random.chance(0.2) ? 0.45 : 0.2
                x = size * (0.5 + random.uniform(-spread, spread))
                y = size * (0.5 + random.uniform(-spread, spread * 0.6))
            } else {
                radius *= random.uniform(0.5, 0.9)
                x = size * random.uniform(0.05, 0.95)
                y = size * random.uniform(0.05, 0.8)
            }
            let facing = random.chance(0.5)
            poses.append(FlowerPose(x: x, y: y, radius: radius, spin: random.uniform(0, 2 * Double.pi),
                                    tilt: facing ? random.uniform(0.85, 1) : random.uniform(0.5, 0.85),
                                    tiltAxis: random.uniform(0, Double.pi)))
        }
        return poses.sorted { $0.radius < $1.radius }
    }

    /// Blades and out-of-focus leaves in front of the flowers, hiding parts of them.
    private static func paintForeground(on canvas: Canvas, size: Double, using random: inout SeededGenerator) {
        if random.chance(0.15) {
            Foliage.grass(on: canvas, count: random.integer(in: 3...12), maxHeight: size * 0.6, using: &random)
        }
        if random.chance(0.12) {
            canvas.blurred(factor: random.uniform(2, 4) * size / 160) { small in
                let edge = random.chance(0.5) ? -0.05 : 1.05
                Foliage.leaf(on: small, x: size * edge, y: size * random.uniform(0, 1),
                             angle: edge < 0 ? random.uniform(-0.6, 0.6) : Double.pi + random.uniform(-0.6, 0.6),
                             length: size * random.uniform(0.3, 0.6), width: size * random.uniform(0.12, 0.25),
                             color: Greens.leaf(using: &random), using: &random)
            }
        }
    }
}
