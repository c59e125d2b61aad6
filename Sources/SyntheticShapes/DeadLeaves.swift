import CCairo
import Foundation
import ProceduralImages
import Tensors

/// Dead-leaves images (Lee, Mumford and Huang 2001; used for pre-training by Baradad et al.,
/// "Learning to See by Looking at Noise", NeurIPS 2021): a ground covered by hundreds of
/// opaque, overlapping leaves (ellipses, rectangles, triangles) whose sizes follow
/// p(r) ~ 1/r^3, the law that makes the picture look alike at every scale, as natural images do.
///
/// Each image takes its colours from a palette of its own (2 to 6 colours, some leaves
/// filled with a gradient between two of them), so one image differs from the next in colour,
/// in layout and in the mix of shapes: what instance discrimination needs. Each image is a
/// pure function of (seed, index).
public struct DeadLeaves: Sendable {
    /// Image sides the generator supports, in pixels.
    public static let supportedSizes = 24...1024

    /// The seed every image derives its random stream from.
    public let seed: UInt64
    /// The side of the square images, in pixels.
    public let imageSize: Int

    /// A generator for `imageSize` x `imageSize` images; throws for sides outside `supportedSizes`.
    public init(seed: UInt64, imageSize: Int) throws {
        guard Self.supportedSizes.contains(imageSize) else {
            throw SyntheticShapesError.unsupportedImageSize(imageSize)
        }
        self.seed = seed
        self.imageSize = imageSize
    }

    /// Image number `index`, as packed RGB bytes.
    public func render(index: Int) throws -> RenderedImage {
        guard let canvas = Canvas(width: imageSize, height: imageSize) else {
            throw SyntheticShapesError.surfaceUnavailable(size: imageSize)
        }
        var random = SeededGenerator.derived(seed: seed ^ 0x4445_4144_4C45_4146, stream: UInt64(index))
        let palette = (0..<random.integer(in: 2...6)).map { _ in
            Color(hue: random.uniform(0, 360), saturation: random.uniform(0.05, 1), value: random.uniform(0.15, 1))
        }
        func paint(_ random: inout SeededGenerator) -> Color {
            palette[random.nextInt(below: palette.count)].jittered(0.06, using: &random)
        }
        canvas.setColor(paint(&random))
        cairo_paint(canvas.context)
        let side = Double(imageSize)
        for _ in 0..<random.integer(in: 600...1200) {
            let radius = Self.radius(random.uniform(0, 1), smallest: side / 64, largest: side / 3)
            let x = random.uniform(-radius, side + radius), y = random.uniform(-radius, side + radius)
            Self.leafPath(on: canvas, x: x, y: y, radius: radius, using: &random)
            let fill = random.nextDouble()
            if fill < 0.6 {
                canvas.fill(paint(&random))
            } else if fill < 0.85 {
                let angle = random.angle()
                let (dx, dy) = (radius * cos(angle), radius * sin(angle))
                canvas.fillLinear(from: (x - dx, y - dy), paint(&random), to: (x + dx, y + dy), paint(&random))
                cairo_new_path(canvas.context)
            } else {
                canvas.fillRadial(center: (x, y), radius: radius, paint(&random), paint(&random))
                cairo_new_path(canvas.context)
            }
        }
        return RenderedImage(width: imageSize, height: imageSize, pixels: canvas.rgbBytes())
    }

    /// The radius at quantile `u` of p(r) ~ 1/r^3 on [smallest, largest] (inverse CDF).
    static func radius(_ u: Double, smallest: Double, largest: Double) -> Double {
        let low = 1 / (smallest * smallest), high = 1 / (largest * largest)
        return 1 / (low - u * (low - high)).squareRoot()
    }

    /// Sets the current path to one leaf: an ellipse, a rotated rectangle or a triangle.
    private static func leafPath(on canvas: Canvas, x: Double, y: Double, radius: Double,
                                 using random: inout SeededGenerator) {
        switch random.nextInt(below: 3) {
        case 0:
            canvas.ellipse(x: x, y: y, radiusX: radius, radiusY: radius * random.uniform(0.4, 1))
        case 1:
            let angle = random.angle(), aspect = random.uniform(0.3, 1)
            canvas.polygon([(1.0, aspect), (-1.0, aspect), (-1.0, -aspect), (1.0, -aspect)].map { cx, cy in
                (x + radius * (cx * cos(angle) - cy * sin(angle)), y + radius * (cx * sin(angle) + cy * cos(angle)))
            })
        default:
            let angle = random.angle()
            canvas.polygon((0..<3).map { corner in
                let t = angle + Double(corner) * 2 * Double.pi / 3 + random.uniform(-0.4, 0.4)
                return (x + radius * cos(t), y + radius * sin(t))
            })
        }
    }
}
