// Layout legend: images are HWC (H rows, W columns, C = 3 channels R, G, B), row-major.

import Imaging

/// A float RGB image, laid out HWC: the output of resizing (values in the input's
/// range, 0...255) or of scaling to [0, 1].
public struct FloatImage: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `height * width * 3` values, row-major, channels interleaved.
    public var values: [Float]

    /// An image from HWC values; `values.count` must be `width * height * 3`.
    public init(width: Int, height: Int, values: [Float]) {
        precondition(width >= 0 && height >= 0, "negative image size \(width)x\(height)")
        precondition(values.count == width * height * 3,
                     "\(values.count) values do not fill a \(width)x\(height) RGB image")
        self.width = width
        self.height = height
        self.values = values
    }

    /// The exact float values of an 8-bit image (what TensorFlow's cast to float32 gives).
    public init(_ image: RGBImage) {
        self.init(width: image.width, height: image.height, values: image.pixels.map { Float($0) })
    }

    /// The value of channel `c` at row `y`, column `x`.
    public subscript(y: Int, x: Int, c: Int) -> Float {
        values[(y * width + x) * 3 + c]
    }

    /// The image mirrored left to right (`tf.image.flip_left_right`).
    public func flippedLeftRight() -> FloatImage {
        var out = values
        for y in 0..<height {
            for x in 0..<width {
                let from = (y * width + x) * 3
                let to = (y * width + (width - 1 - x)) * 3
                out[to] = values[from]
                out[to + 1] = values[from + 1]
                out[to + 2] = values[from + 2]
            }
        }
        return FloatImage(width: width, height: height, values: out)
    }

    /// The `cropWidth` x `cropHeight` window whose top-left corner is (`x`, `y`)
    /// (`tf.image.crop_to_bounding_box`, and `tf.image.random_crop` once its offset is drawn).
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> FloatImage {
        precondition(x >= 0 && y >= 0 && x + cropWidth <= width && y + cropHeight <= height,
                     "crop \(cropWidth)x\(cropHeight) at (\(x), \(y)) leaves the \(width)x\(height) image")
        var out = [Float]()
        out.reserveCapacity(cropWidth * cropHeight * 3)
        for row in y..<(y + cropHeight) {
            let start = (row * width + x) * 3
            out.append(contentsOf: values[start..<(start + cropWidth * 3)])
        }
        return FloatImage(width: cropWidth, height: cropHeight, values: out)
    }

    /// Every value divided by `divisor` in float32, as `image / 255.0` does in the
    /// lesson (a division, not a multiplication by the reciprocal, so the rounding matches).
    public func divided(by divisor: Float) -> FloatImage {
        FloatImage(width: width, height: height, values: values.map { $0 / divisor })
    }
}
