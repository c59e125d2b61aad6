import Foundation
import LessonKit
import Training

/// The first batch the train cell's stream draws, which the define-pipeline figure shows:
/// the images (files relative to the data folder) and the view of each.
struct FirstBatch: Codable, Equatable {
    var files: [String]
    var views: [Int]

    static let fileName = "first-batch.json"
    /// The parameters that fix the stream's first batch.
    static let parameters = ["batch_size", "seed", "feature_views", "feature_mode"]
    /// The shown images as drawn into the figure: float32 NHWC in [0, 1], raw.
    static let pixelsFileName = "first-batch.f32"

    /// The draws of the training stream's first batch, with the view each one is trained on,
    /// as `TransferTrainer` takes them (same stream, same view rule).
    static func draws(trainCount: Int, context: CellContext) throws -> [FeatureItem] {
        let batchSize = try context.int("batch_size"), seed = UInt64(try context.int("seed"))
        let faithful = try context.string("feature_mode") == "faithful"
        var configuration = TrainingConfiguration(schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: 0, boundaries: []))
        configuration.featureViews = max(1, try context.int("feature_views"))
        guard batchSize > 0, trainCount > 0 else {
            throw LessonStateError.invalidSetting("batch_size (\(batchSize)) must be positive: fix it with --set.")
        }
        var stream = TrainingStream(imageCount: trainCount, seed: seed)
        return stream.nextBatch(size: batchSize).map {
            FeatureItem(image: $0.image, view: configuration.view(forAppearance: $0.appearance, faithful: faithful))
        }
    }
}
