import LessonKit

/// `split`: how the images are divided into training and validation (lesson.toml's `choices`).
enum SplitRule: String, ParameterChoice {
    /// tfds' record order of tf_flowers, then its percent slices (`train[:85%]`), as the Keras lesson.
    case tfds
    /// A seeded split that keeps every class's share.
    case stratified
}

/// `feature_mode`: where the head's training features come from.
enum FeatureMode: String, ParameterChoice {
    /// Backbone features computed once per view and stored: reruns train in seconds.
    case cached
    /// The backbone runs on every batch and every validation pass, as Keras does.
    case faithful
}

/// A parameter value the lesson cannot use, or a state it cannot read.
enum LessonStateError: Error, CustomStringConvertible {
    case invalidSetting(String)

    var description: String {
        switch self {
        case .invalidSetting(let detail): return detail
        }
    }
}
