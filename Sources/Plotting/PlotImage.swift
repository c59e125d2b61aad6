@_exported import Imaging

/// An image to place on a figure: the project's 8-bit RGB image (`height x width x 3`
/// bytes, row-major). `RGBImage(width:height:rgb:)` checks bytes that come from elsewhere.
public typealias PlotImage = RGBImage

extension RGBImage {
    /// The image's size in its own pixels.
    public var size: Size { Size(width: Double(width), height: Double(height)) }
}
