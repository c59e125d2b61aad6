import Foundation
import LessonKit
import Plotting
import Tensors
import Training

/// The first training batch as the train cell's stream draws it: images (relative paths) and the
/// view of each. The define-pipeline cell draws it for its figure; a test checks that the train
/// cell's stream draws the same.
struct FirstBatch: Codable, Equatable {
    var files: [String]
    var views: [Int]

    /// Where define-pipeline keeps the batch's pixels (float32, NHWC) in its state.
    static let pixelsFileName = "first-batch.f32"

    /// The first `batchSize` draws of the training stream, with the view each gets.
    static func draws(trainCount: Int, batchSize: Int, seed: Int, featureViews: Int, mode: FeatureMode) -> [FeatureItem] {
        let stream = TrainingStream(imageCount: trainCount, seed: UInt64(seed))
        let views = FeatureViews(count: featureViews, faithful: mode == .faithful)
        return stream.batch(0, size: batchSize).map {
            FeatureItem(image: $0.image, view: views.view(forAppearance: $0.appearance))
        }
    }

    /// A 5-column grid of the batch's images, titled with their classes.
    static func figure(_ batch: Tensor, labels: [String]) throws -> Figure {
        let tiles = try labels.indices.map { position in
            ImageTile(image: try PlotImages.from(batch: batch, position: position), title: labels[position])
        }
        return Figure.imageGrid(tiles, columns: 5, title: "The first training batch")
    }

    static func writePixels(_ batch: Tensor, to folder: URL) throws {
        try batch.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
            .write(to: folder.appendingPathComponent(pixelsFileName))
    }
}

/// Which view the n-th appearance of an image gets, as the trainer draws them
/// (`TrainingConfiguration.view(forAppearance:faithful:)`).
struct FeatureViews {
    let count: Int
    let faithful: Bool

    func view(forAppearance appearance: Int) -> Int {
        var configuration = TrainingConfiguration(schedule: ConstantSchedule(0))
        configuration.featureViews = max(1, count)
        return configuration.view(forAppearance: appearance, faithful: faithful)
    }
}
