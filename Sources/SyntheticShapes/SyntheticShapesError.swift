import Foundation

/// Why the synthetic shapes could not be drawn or written.
public enum SyntheticShapesError: Error, CustomStringConvertible, Equatable {
    /// The requested image side is outside the supported range.
    case unsupportedImageSize(Int)
    /// The class index is not one of `SyntheticShapes.classNames`' indices.
    case unknownClass(Int)
    /// A batch was asked for with different numbers of class and sample indices.
    case mismatchedIndices(classCount: Int, sampleCount: Int)
    /// The number of images per class is not positive.
    case invalidImageCount(Int)
    /// Cairo could not allocate a drawing surface.
    case surfaceUnavailable(size: Int)
    /// A file or folder could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedImageSize(let size):
            return "synthetic shapes: image size \(size) is not supported; use a side between "
                + "\(SyntheticShapes.supportedSizes.lowerBound) and \(SyntheticShapes.supportedSizes.upperBound) pixels"
        case .unknownClass(let index):
            return "synthetic shapes: class index \(index) does not exist; use 0..<\(SyntheticShapes.classNames.count)"
        case .mismatchedIndices(let classCount, let sampleCount):
            return "synthetic shapes: a batch got \(classCount) class indices but \(sampleCount) sample indices; "
                + "pass one sample index per class index"
        case .invalidImageCount(let count):
            return "synthetic shapes: \(count) images per class were asked for; ask for at least one"
        case .surfaceUnavailable(let size):
            return "synthetic shapes: Cairo could not allocate a \(size)x\(size) image surface; free some memory "
                + "or ask for smaller images"
        case .cannotWrite(let path, let reason):
            return "synthetic shapes: cannot write \(path): \(reason); check that the folder is writable "
                + "and the disk has room"
        }
    }
}
