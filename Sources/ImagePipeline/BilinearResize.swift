// Layout legend: images are HWC (H rows, W columns, C = 3 channels), row-major.
import Foundation

/// Bilinear resizing with the arithmetic of TensorFlow's `tf.image.resize(method="bilinear",
/// antialias=False)`, which runs the ResizeBilinear kernel with half_pixel_centers=True
/// (tensorflow/core/kernels/image/resize_bilinear_op.cc, image_resizer_state.h).
///
/// For the same 8-bit input the float output equals TensorFlow's bit for bit, because
/// every float operation happens in the same order and precision:
/// - scale = Float(inSize) / Float(outSize) (CalculateResizeScale, no align_corners);
/// - source coordinate = (Float(i) + 0.5) * scale - 0.5 (HalfPixelScaler);
/// - lower = max(floor(coordinate), 0), upper = min(ceil(coordinate), inSize - 1),
///   lerp = coordinate - floor(coordinate) (compute_interpolation_weights);
/// - top = tl + (tr - tl) * xLerp, bottom = bl + (br - bl) * xLerp,
///   result = top + (bottom - top) * yLerp (compute_lerp).
/// Swift never contracts `a * b + c` into a fused multiply-add, so each step rounds
/// separately, as in the kernel's separate SSE multiplies and adds.
/// The output is float in the input's range (0...255), as TensorFlow's is.
public struct BilinearResizePlan: Sendable {
    /// The input and output sizes the plan was built for.
    public let inputWidth: Int, inputHeight: Int, outputWidth: Int, outputHeight: Int

    /// One output coordinate's two source indices and its interpolation weight.
    struct Interpolation: Sendable {
        var lower: Int
        var upper: Int
        var lerp: Float
    }

    let xs: [Interpolation]
    let ys: [Interpolation]

    /// A plan resizing `inputWidth` x `inputHeight` images to `outputWidth` x `outputHeight`.
    public init(inputWidth: Int, inputHeight: Int, outputWidth: Int, outputHeight: Int) {
        precondition(inputWidth > 0 && inputHeight > 0 && outputWidth > 0 && outputHeight > 0,
                     "cannot resize \(inputWidth)x\(inputHeight) to \(outputWidth)x\(outputHeight)")
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        xs = Self.interpolations(inSize: inputWidth, outSize: outputWidth)
        ys = Self.interpolations(inSize: inputHeight, outSize: outputHeight)
    }

    /// TensorFlow's compute_interpolation_weights with the HalfPixelScaler.
    static func interpolations(inSize: Int, outSize: Int) -> [Interpolation] {
        let scale = Float(inSize) / Float(outSize)
        return (0..<outSize).map { i in
            let coordinate = (Float(i) + 0.5) * scale - 0.5
            let floored = coordinate.rounded(.down)
            return Interpolation(lower: max(Int(floored), 0),
                                 upper: min(Int(coordinate.rounded(.up)), inSize - 1),
                                 lerp: coordinate - floored)
        }
    }

    /// Writes the output window `window` (in output coordinates) of the resized image into
    /// `output` (window rows of `window.width * 3` floats, HWC).
    ///
    /// - `mirrored`: resize the left-right mirror image of `source` instead (exactly, by
    ///   reading mirrored columns with the same weights), so flip-then-resize costs nothing.
    /// - `divisor`: when given, each value is divided by it in float32 after resizing
    ///   (the lesson's `image / 255.0`).
    /// Only the window is computed: a crop of a resize equals the resize evaluated on the
    /// crop, because each output value depends on its own coordinates alone.
    public func resample(_ source: UnsafeBufferPointer<UInt8>, mirrored: Bool = false,
                         window: PixelWindow? = nil, divisor: Float? = nil,
                         into output: UnsafeMutablePointer<Float>) {
        precondition(source.count == inputWidth * inputHeight * 3, "source is not \(inputWidth)x\(inputHeight) RGB")
        let window = window ?? PixelWindow(x: 0, y: 0, width: outputWidth, height: outputHeight)
        precondition(window.fits(width: outputWidth, height: outputHeight),
                     "window \(window) leaves the \(outputWidth)x\(outputHeight) output")
        let columns = columnOffsets(window: window, mirrored: mirrored)
        let rowBytes = inputWidth * 3
        var out = output
        for y in window.y..<(window.y + window.height) {
            let top = source.baseAddress! + ys[y].lower * rowBytes
            let bottom = source.baseAddress! + ys[y].upper * rowBytes
            Self.resampleRow(top: top, bottom: bottom, columns: columns, yLerp: ys[y].lerp, into: out)
            if let divisor {
                for i in 0..<(window.width * 3) { out[i] = out[i] / divisor }
            }
            out += window.width * 3
        }
    }

    /// The byte offsets (lower, upper) and weight of each output column of the window.
    private func columnOffsets(window: PixelWindow, mirrored: Bool) -> [Interpolation] {
        xs[window.x..<(window.x + window.width)].map { column in
            // Column c of the mirror image is column (width - 1 - c) of the source.
            let lower = mirrored ? inputWidth - 1 - column.lower : column.lower
            let upper = mirrored ? inputWidth - 1 - column.upper : column.upper
            return Interpolation(lower: lower * 3, upper: upper * 3, lerp: column.lerp)
        }
    }

    /// One output row: TensorFlow's ResizeLine3Channels.
    @inline(__always)
    private static func resampleRow(top: UnsafePointer<UInt8>, bottom: UnsafePointer<UInt8>,
                                    columns: [Interpolation], yLerp: Float,
                                    into out: UnsafeMutablePointer<Float>) {
        columns.withUnsafeBufferPointer { columns in
            for (x, column) in columns.enumerated() {
                for c in 0..<3 {
                    let topLeft = Float(top[column.lower + c])
                    let topRight = Float(top[column.upper + c])
                    let bottomLeft = Float(bottom[column.lower + c])
                    let bottomRight = Float(bottom[column.upper + c])
                    let upperRow = topLeft + (topRight - topLeft) * column.lerp
                    let lowerRow = bottomLeft + (bottomRight - bottomLeft) * column.lerp
                    out[x * 3 + c] = upperRow + (lowerRow - upperRow) * yLerp
                }
            }
        }
    }
}

/// A rectangle of pixels: top-left corner (`x`, `y`) and size.
public struct PixelWindow: Equatable, Sendable, CustomStringConvertible {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Whether the window lies inside a `width` x `height` image.
    public func fits(width imageWidth: Int, height imageHeight: Int) -> Bool {
        x >= 0 && y >= 0 && width >= 0 && height >= 0 && x + width <= imageWidth && y + height <= imageHeight
    }

    public var description: String { "\(width)x\(height) at (\(x), \(y))" }
}
