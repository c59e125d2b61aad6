import Foundation
import ProceduralImages

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
        "synthetic shapes: " + problem
    }

    private var problem: String {
        switch self {
        case .unsupportedImageSize(let size):
            return GeneratorErrorText.unsupportedImageSize(size, supported: SyntheticShapes.supportedSizes)
        case .unknownClass(let index):
            // 56 names would drown the message; the range says enough.
            return GeneratorErrorText.unknownClass(index, classCount: SyntheticShapes.classNames.count)
        case .mismatchedIndices(let classCount, let sampleCount):
            return "a batch got \(classCount) class indices but \(sampleCount) sample indices; "
                + "pass one sample index per class index"
        case .invalidImageCount(let count):
            return GeneratorErrorText.invalidImageCount(count)
        case .surfaceUnavailable(let size):
            return GeneratorErrorText.surfaceUnavailable(size: size)
        case .cannotWrite(let path, let reason):
            return GeneratorErrorText.cannotWrite(path: path, reason: reason)
        }
    }
}
