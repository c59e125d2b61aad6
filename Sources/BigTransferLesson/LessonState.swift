import Foundation

/// The state the dataset cell leaves for the cells after it: the listing and the split.
///
/// Paths are relative to the data folder, so the state does not depend on where the
/// folder lives (its contents enter the cache key through the input fingerprint).
struct DatasetState: Codable, Equatable {
    /// Class names in label order (sorted folder names).
    var classNames: [String]
    /// Every decodable image, relative to the data folder, in listing order.
    var files: [String]
    /// The label of each file.
    var labels: [Int]
    /// Indices into `files` of the training split, in seeded stratified order.
    var trainIndices: [Int]
    /// Indices into `files` of the validation split.
    var validationIndices: [Int]
    /// Files that could not be decoded: path and reason.
    var skipped: [SkippedFile]

    struct SkippedFile: Codable, Equatable {
        var path: String
        var reason: String
    }

    static let fileName = "dataset.json"

    /// The absolute URL of file `index` inside `root`.
    func url(_ index: Int, root: URL) -> URL {
        root.appendingPathComponent(files[index])
    }
}

/// What the model cell records about the backbone it loaded.
struct ModelState: Codable, Equatable {
    var blockUnits: [Int]
    var rootChannels: Int
    var featureCount: Int
    /// Every array of the checkpoint, its original head included.
    var parameterCount: Int
    /// The backbone's arrays alone (what stays frozen).
    var backboneParameterCount: Int
    var originalHeadClasses: Int?

    static let fileName = "model.json"
}

/// What the training cell leaves for plotting and evaluation.
struct TrainingState: Codable, Equatable {
    var restoredEpoch: Int?
    var stoppedEpoch: Int?
    var steps: Int
    var featureStoreKey: String
    var trainFeatureHits: Int
    var trainFeatureMisses: Int
    var seconds: Double

    static let fileName = "training.json"
    static let headFileName = "head.npz"
    static let historyFileName = "history.csv"
}

/// A parameter value the lesson cannot use.
enum LessonStateError: Error, CustomStringConvertible {
    case invalidSetting(String)

    var description: String {
        switch self {
        case .invalidSetting(let detail):
            return detail
        }
    }
}
