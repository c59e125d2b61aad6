import Foundation
import ImagePipeline
import Tensors

/// One random view of an exemplar image, as instance discrimination draws them (after
/// Dosovitskiy et al. 2014 and the SimCLR family): a crop of 2% to 100% of the image's area
/// (log-uniform, aspect 3:4 to 4:3) resized bilinearly to the training side, mirrored half
/// the time, with light brightness, contrast and saturation jitter. Hue is kept: an
/// exemplar's colours are part of what tells it from the others.
struct ExemplarView: Equatable {
    var x: Int, y: Int, width: Int, height: Int
    var mirrored: Bool
    var brightness: Float, contrast: Float, saturation: Float

    static let smallestArea = 0.02
    static let aspects = 0.75...(4.0 / 3)

    /// A view of a `side` x `side` image, drawn from `random`.
    static func random(side: Int, using random: inout SeededGenerator) -> ExemplarView {
        let area = exp(log(smallestArea) * (1 - random.nextDouble()))
        let aspect = exp(log(aspects.lowerBound) + random.nextDouble() * (log(aspects.upperBound) - log(aspects.lowerBound)))
        let width = max(1, min(side, Int(((area * aspect).squareRoot() * Double(side)).rounded())))
        let height = max(1, min(side, Int(((area / aspect).squareRoot() * Double(side)).rounded())))
        return ExemplarView(x: random.nextInt(below: side - width + 1), y: random.nextInt(below: side - height + 1),
                            width: width, height: height, mirrored: random.nextInt(below: 2) == 1,
                            brightness: Float(random.nextDouble() * 0.3 - 0.15),
                            contrast: Float(0.8 + random.nextDouble() * 0.4),
                            saturation: Float(0.8 + random.nextDouble() * 0.4))
    }

    /// The whole image, unchanged but for the resize.
    static func whole(side: Int) -> ExemplarView {
        ExemplarView(x: 0, y: 0, width: side, height: side, mirrored: false, brightness: 0, contrast: 1, saturation: 1)
    }

    /// This view of `image` (`side` x `side` RGB bytes) as `output` x `output` RGB bytes, for figures.
    func bytes(of image: [UInt8], side: Int, output: Int) -> [UInt8] {
        var floats = [Float](repeating: 0, count: output * output * 3)
        image.withUnsafeBufferPointer { image in
            floats.withUnsafeMutableBufferPointer { render(image, side: side, output: output, into: $0.baseAddress!) }
        }
        return floats.map { UInt8(($0 * 255).rounded()) }
    }

    /// Writes this view of `image` (`side` x `side` RGB bytes) as `output` x `output` x 3
    /// floats in [0, 1] into `into`.
    func render(_ image: UnsafeBufferPointer<UInt8>, side: Int, output: Int, into: UnsafeMutablePointer<Float>) {
        var crop = [UInt8](repeating: 0, count: width * height * 3)
        for row in 0..<height {
            let from = ((y + row) * side + x) * 3
            for i in 0..<(width * 3) { crop[row * width * 3 + i] = image[from + i] }
        }
        let plan = BilinearResizePlan(inputWidth: width, inputHeight: height, outputWidth: output, outputHeight: output)
        crop.withUnsafeBufferPointer { plan.resample($0, mirrored: mirrored, divisor: 255, into: into) }
        for pixel in 0..<(output * output) {
            let p = into + pixel * 3
            let grey = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
            for c in 0..<3 {
                let saturated = grey + (p[c] - grey) * saturation
                p[c] = min(1, max(0, (saturated - 0.5) * contrast + 0.5 + brightness))
            }
        }
    }
}
