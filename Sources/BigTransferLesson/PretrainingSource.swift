import LessonKit

/// What a backbone's weights were pre-trained on, as far as the lesson can tell: from where the
/// checkpoint came (lesson 61's shipped file, the lesson's random weights) or from its head's size.
enum PretrainingSource: Equatable {
    case lesson61(headClasses: Int?)
    case imageNet21k
    case imageNet1k
    /// The lesson's own randomly initialised weights.
    case none
    /// A learner's checkpoint whose head the lesson does not recognise.
    case unknown(headClasses: Int?)

    init(headClasses: Int?, weights: ResolvedInput) {
        switch weights.origin {
        case .shipped: self = .lesson61(headClasses: headClasses)
        case InputResolution.generatedWeights: self = .none
        default:
            switch headClasses {
            case 21_843: self = .imageNet21k
            case 1_000: self = .imageNet1k
            default: self = .unknown(headClasses: headClasses)
            }
        }
    }

    /// Whether the lesson knows the weights were pre-trained.
    var isKnownPretrained: Bool {
        switch self {
        case .lesson61, .imageNet21k, .imageNet1k: return true
        case .none, .unknown: return false
        }
    }

    /// The prose's words, after "its weights".
    var description: String {
        switch self {
        case .lesson61(let classes):
            return "pre-trained on lesson 61's synthetic shapes and dead-leaves images (its head: "
                + (classes.map { "the \($0) shapes classes)" } ?? "removed)")
        case .imageNet21k: return "pre-trained on ImageNet-21k, as its head of 21,843 classes says"
        case .imageNet1k: return "pre-trained on ImageNet-1k, as its head of 1,000 classes says"
        case .none: return "random: no pre-training"
        case .unknown(let classes):
            return "of unknown origin: the file does not say what, if anything, they were trained on "
                + (classes.map { "(its head has \(Format.grouped($0)) classes)" } ?? "(the checkpoint has no head)")
        }
    }
}
