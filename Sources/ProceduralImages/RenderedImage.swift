@_exported import Imaging

/// One rendered image: the project's 8-bit RGB image.
public typealias RenderedImage = RGBImage
