import Foundation
import ProceduralImages

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
        "synthetic flowers: " + problem
    }

    private var problem: String {
        switch self {
        case .unsupportedImageSize(let size):
            return GeneratorErrorText.unsupportedImageSize(size, supported: SyntheticFlowers.supportedSizes)
        case .unknownClass(let index):
            return GeneratorErrorText.unknownClass(index, classCount: SyntheticFlowers.classNames.count,
                                                   classNames: SyntheticFlowers.classNames)
        case .invalidImageCount(let count):
            return GeneratorErrorText.invalidImageCount(count)
        case .surfaceUnavailable(let size):
            return GeneratorErrorText.surfaceUnavailable(size: size)
        case .cannotWrite(let path, let reason):
            return GeneratorErrorText.cannotWrite(path: path, reason: reason)
        }
    }
}
