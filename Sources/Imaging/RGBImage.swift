// Layout legend: images are HWC (H rows, W columns, C = 3 channels R, G, B), row-major.

/// An 8-bit RGB image, laid out HWC (row-major, 3 interleaved channels): the one image
/// type of the project. The pipeline decodes photos into it (what TensorFlow's
/// `decode_jpeg(channels=3)` / `decode_png(channels=3)` produce), the procedural datasets
/// draw into it and the figures place it.
public struct RGBImage: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `height * width * 3` bytes, row-major, channels R, G, B interleaved.
    public var pixels: [UInt8]

    /// An image from HWC bytes; `pixels.count` must be `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
        precondition(pixels.count == width * height * 3,
                     "\(pixels.count) bytes do not fill a \(width)x\(height) RGB image")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image from HWC bytes, checked: throws `ImageSizeError` unless the size is positive
    /// and `rgb.count == width * height * 3` (for bytes that come from outside the program).
    public init(width: Int, height: Int, rgb: [UInt8]) throws {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw ImageSizeError(width: width, height: height, byteCount: rgb.count)
        }
        self.init(width: width, height: height, pixels: rgb)
    }

    /// The pixels under the name the drawing code uses (`pixels`).
    public var rgb: [UInt8] { pixels }

    /// The number of bytes the pixels occupy (for cache budgets).
    public var byteCount: Int { pixels.count }

    /// The R, G, B values of the pixel at row `y`, column `x`.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let offset = (y * width + x) * 3
        return (pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// The image mirrored left to right (`tf.image.flip_left_right`).
    public func flippedLeftRight() -> RGBImage {
        var out = [UInt8](repeating: 0, count: pixels.count)
        let rowBytes = width * 3
        pixels.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    let row = y * rowBytes
                    for x in 0..<width {
                        let from = row + x * 3
                        let to = row + (width - 1 - x) * 3
                        target[to] = source[from]
                        target[to + 1] = source[from + 1]
                        target[to + 2] = source[from + 2]
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: out)
    }
}

/// Bytes that do not fill the image size given with them.
public struct ImageSizeError: Error, Equatable, CustomStringConvertible {
    public let width: Int
    public let height: Int
    public let byteCount: Int

    public init(width: Int, height: Int, byteCount: Int) {
        self.width = width
        self.height = height
        self.byteCount = byteCount
    }

    public var description: String {
        "a \(width)x\(height) RGB image needs \(max(0, width) * max(0, height) * 3) bytes and a positive size, "
            + "got \(byteCount); pass HWC RGB bytes (height x width x 3, row-major) of the stated size."
    }
}
