import LessonKit
import SyntheticShapes

/// What the network is pre-trained on: the `upstream` parameter.
enum UpstreamData: Equatable {
    /// Supervised classification of the 56 synthetic-shapes classes (the committed checkpoint's).
    case shapes
    /// Instance discrimination on `exemplars` dead-leaves images, each its own class.
    case deadLeaves(exemplars: Int)
    /// Both: half of every batch shapes, half dead leaves, one head over all their classes.
    case mixed(exemplars: Int)

    static let names = ["shapes", "dead-leaves", "shapes+dead-leaves"]

    init(_ context: CellContext) throws {
        switch try context.string("upstream") {
        case "shapes": self = .shapes
        case "dead-leaves": self = .deadLeaves(exemplars: try context.int("exemplars"))
        case "shapes+dead-leaves": self = .mixed(exemplars: try context.int("exemplars"))
        case let other:
            throw UpstreamError.invalidSetting(
                "upstream \"\(other)\" is not an upstream data set: give one of \(Self.names.joined(separator: ", ")).")
        }
    }

    /// Classes of the upstream task: the width of the head pre-trained with it.
    var classCount: Int {
        switch self {
        case .shapes: return SyntheticShapes.classNames.count
        case .deadLeaves(let exemplars): return exemplars
        case .mixed(let exemplars): return SyntheticShapes.classNames.count + exemplars
        }
    }
}
