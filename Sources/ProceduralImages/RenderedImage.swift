/// One rendered image: `width * height * 3` bytes, row-major RGB.
public struct RenderedImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let rgb: [UInt8]

    /// An image of `width` x `height` pixels from its packed RGB bytes.
    public init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }
}
