/// An 8-bit RGB image to place on a figure: `height x width x 3` bytes, row-major (HWC).
///
/// Plotting takes plain bytes so that it depends on no other module; the caller
/// converts its tensors (for images in [0, 1]: multiply by 255 and round).
public struct PlotImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let rgb: [UInt8]

    /// Throws `PlotError.imageSizeMismatch` unless `rgb.count == width * height * 3`
    /// with a positive width and height.
    public init(width: Int, height: Int, rgb: [UInt8]) throws {
        guard width > 0, height > 0, rgb.count == width * height * 3 else {
            throw PlotError.imageSizeMismatch(width: width, height: height, byteCount: rgb.count)
        }
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// The image's size in its own pixels.
    public var size: Size { Size(width: Double(width), height: Double(height)) }
}
