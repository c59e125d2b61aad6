import LessonKit
import SyntheticShapes

/// `upstream`: what the network is pre-trained on (lesson.toml's `choices`).
enum UpstreamTask: String, ParameterChoice {
    /// Supervised classification of the 56 synthetic-shapes classes.
    case shapes
    /// Instance discrimination on dead-leaves images, each its own class.
    case deadLeaves = "dead-leaves"
    /// Both: half of every batch shapes, half dead leaves, one head over all their classes.
    case mixed = "shapes+dead-leaves"
}

/// What the network is pre-trained on, with the number of dead-leaves images when it has some.
enum UpstreamData: Equatable {
    /// Supervised classification of the 56 synthetic-shapes classes.
    case shapes
    /// Instance discrimination on `exemplars` dead-leaves images, each its own class.
    case deadLeaves(exemplars: Int)
    /// Both: half of every batch shapes, half dead leaves, one head over all their classes
    /// (the committed checkpoint's task).
    case mixed(exemplars: Int)

    init(_ task: UpstreamTask, exemplars: Int) {
        switch task {
        case .shapes: self = .shapes
        case .deadLeaves: self = .deadLeaves(exemplars: exemplars)
        case .mixed: self = .mixed(exemplars: exemplars)
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

/// A parameter value lesson 61 cannot use.
enum UpstreamError: Error, CustomStringConvertible {
    case invalidSetting(String)

    var description: String {
        switch self {
        case .invalidSetting(let detail): return detail
        }
    }
}
