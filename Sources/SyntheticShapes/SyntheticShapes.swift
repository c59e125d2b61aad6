import Foundation
import ProceduralImages
import Tensors

/// "Synthetic shapes": a broad procedural upstream data set for pre-training a miniature BiT
/// offline, drawn with Cairo straight into memory.
///
/// 56 classes: geometric shapes, everyday objects, stroked capital letters and repeating
/// textures, none of them flowers. Colour, backdrop, position, scale, rotation, mirroring,
/// shadow and lighting are drawn independently of the class, so that telling the classes
/// apart takes shape and texture features, the kind that transfer. Each image is a pure
/// function of (seed, class, sample index).
public struct SyntheticShapes: ProceduralDataset {
    /// The class names, in label order.
    public static let classNames: [String] = Catalog.motifs.map(\.name)

    /// Image sides the generator supports, in pixels.
    public static let supportedSizes = 24...1024

    /// Bumped by hand whenever a change to the drawing changes any pixel, so that a written
    /// dataset from an older version is recognised as stale (see `SyntheticShapesManifest`).
    public static let generatorVersion = 1

    /// The generator's name in the manifest.
    public static let generatorName = "synthetic-shapes"

    /// The seed every image derives its random stream from.
    public let seed: UInt64
    /// The side of the square images, in pixels.
    public let imageSize: Int

    /// A generator for `imageSize` x `imageSize` images; throws for sides outside `supportedSizes`.
    public init(seed: UInt64, imageSize: Int = 64) throws {
        guard Self.supportedSizes.contains(imageSize) else {
            throw SyntheticShapesError.unsupportedImageSize(imageSize)
        }
        self.seed = seed
        self.imageSize = imageSize
    }

    /// The bytes of one image: `imageSize * imageSize * 3`.
    public var bytesPerImage: Int { imageSize * imageSize * 3 }

    /// The image of sample `sampleIndex` of class `classIndex`, as packed RGB bytes.
    public func render(classIndex: Int, sampleIndex: Int) throws -> ShapeImage {
        try validate(classIndex)
        guard let canvas = Canvas(width: imageSize, height: imageSize) else {
            throw SyntheticShapesError.surfaceUnavailable(size: imageSize)
        }
        var rgb = [UInt8](repeating: 0, count: bytesPerImage)
        rgb.withUnsafeMutableBufferPointer { buffer in
            draw(classIndex: classIndex, sampleIndex: sampleIndex, on: canvas, into: buffer)
        }
        return ShapeImage(width: imageSize, height: imageSize, pixels: rgb)
    }

    /// Throws unless `classIndex` names a class.
    func validate(_ classIndex: Int) throws {
        guard Self.classNames.indices.contains(classIndex) else {
            throw SyntheticShapesError.unknownClass(classIndex)
        }
    }

    /// Draws one image on `canvas` (reused from image to image) and writes its lit pixels
    /// into `destination`, which holds `bytesPerImage` bytes. The class must be valid.
    func draw(classIndex: Int, sampleIndex: Int, on canvas: Canvas,
              into destination: UnsafeMutableBufferPointer<UInt8>) {
        var random = randomStream(classIndex: classIndex, sampleIndex: sampleIndex)
        Scene.paint(Catalog.motifs[classIndex], on: canvas, using: &random)
        canvas.copyRGB(into: destination)
        Lighting.random(using: &random).apply(to: destination, width: imageSize, height: imageSize, using: &random)
    }
}

/// One rendered image: `width * height * 3` bytes, row-major RGB.
public typealias ShapeImage = RenderedImage
