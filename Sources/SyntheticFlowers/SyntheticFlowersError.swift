import Foundation

/// Why the synthetic flowers could not be drawn or written.
public enum SyntheticFlowersError: Error, CustomStringConvertible, Equatable {
    /// The requested image side is outside the supported range.
    case unsupportedImageSize(Int)
    /// The class index is not one of `SyntheticFlowers.classNames`' indices.
    case unknownClass(Int)
    /// The number of images per class is not positive.
    case invalidImageCount(Int)
    /// Cairo could not allocate a drawing surface.
    case surfaceUnavailable(size: Int)
    /// A file or folder could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedImageSize(let size):
            return "synthetic flowers: image size \(size) is not supported; use a side between "
                + "\(SyntheticFlowers.supportedSizes.lowerBound) and \(SyntheticFlowers.supportedSizes.upperBound) pixels"
        case .unknownClass(let index):
            return "synthetic flowers: class index \(index) does not exist; use 0..<\(SyntheticFlowers.classNames.count) "
                + "(\(SyntheticFlowers.classNames.joined(separator: ", ")))"
        case .invalidImageCount(let count):
            return "synthetic flowers: \(count) images per class were asked for; ask for at least one"
        case .surfaceUnavailable(let size):
            return "synthetic flowers: Cairo could not allocate a \(size)x\(size) image surface; free some memory "
                + "or ask for smaller images"
        case .cannotWrite(let path, let reason):
            return "synthetic flowers: cannot write \(path): \(reason); check that the folder is writable "
                + "and the disk has room"
        }
    }
}
