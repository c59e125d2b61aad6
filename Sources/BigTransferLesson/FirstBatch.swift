import Foundation
import ImagePipeline
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

    /// A 5-column grid of the batch's images, titled with their classes, and under it one image
    /// of the batch: resized as validation images are, then the training views the head sees of it.
    static func figure(_ batch: Tensor, labels: [String], example: ExampleViews) throws -> Figure {
        let tiles = try labels.indices.map { position in
            ImageTile(image: try PlotImages.from(batch: batch, position: position), title: labels[position])
        }
        let exampleTiles = try [ImageTile(image: try PlotImages.from(batch: example.resized, position: 0),
                                          title: "resized, uncropped")]
            + example.views.indices.map { position in
                ImageTile(image: try PlotImages.from(batch: example.crops, position: position),
                          title: "view \(example.viewIndices[position] + 1)" + (example.views[position].flip ? ", flipped" : ""))
            }
        return Figure.imageGridSections([
            ImageGridSection(heading: "The first \(labels.count) images of the first training batch", tiles: tiles),
            ImageGridSection(heading: example.heading, tiles: exampleTiles),
        ], columns: 5)
    }

    static func writePixels(_ batch: Tensor, to folder: URL) throws {
        try batch.scalars.withUnsafeBufferPointer { Data(buffer: $0) }
            .write(to: folder.appendingPathComponent(pixelsFileName))
    }
}

/// One training image as the head sees it: resized (validation's preprocessing, before any crop)
/// and its first training views (crop and flip), in the order the trainer uses them.
struct ExampleViews {
    var label: String
    var file: String
    var viewIndices: [Int]
    var views: [AugmentationView]
    /// [1, resize_to, resize_to, 3].
    var resized: Tensor
    /// [views, crop_to, crop_to, 3].
    var crops: Tensor
    var featureViews: Int
    var faithful: Bool

    /// Up to four views: in `cached` mode the head sees `feature_views` distinct views of every image,
    /// cycled; in `faithful` mode a new one at every appearance (the first four shown).
    init(image index: Int, dataset: Dataset, images: ImageSource, plan: AugmentationPlan, seed: Int,
         featureViews: Int, mode: FeatureMode) throws {
        let faithful = mode == .faithful
        viewIndices = Array(0 ..< (faithful ? 4 : min(4, max(1, featureViews))))
        views = viewIndices.map { plan.view(seed: UInt64(seed), imageIndex: index, viewIndex: $0) }
        resized = try images.batch([index], plan: plan, views: nil)
        crops = try images.batch(Array(repeating: index, count: views.count), plan: plan, views: views)
        label = dataset.classNames[dataset.labels[index]]
        file = (dataset.files[index] as NSString).lastPathComponent
        self.featureViews = featureViews
        self.faithful = faithful
    }

    var heading: String {
        let which = faithful ? "its views in the first \(views.count) epochs (faithful: a new view every time)"
            : featureViews > views.count ? "\(views.count) of the \(featureViews) views the head is trained on"
            : "the \(views.count == 1 ? "one view" : "\(views.count) views") the head is trained on"
        return "One of them, \(label) (\(file)): resized, and \(which)"
    }

    /// The same for the narrative.
    var sentence: String {
        let shown = views.count == 1 ? "the one view" : "\(views.count) views"
        return faithful
            ? "one of them (\(label), `\(file)`) resized and uncropped, then its views in the first \(views.count) "
                + "epochs: in `faithful` mode every appearance of an image gets a new crop and flip, as in Keras"
            : "one of them (\(label), `\(file)`) resized and uncropped, then \(featureViews > views.count ? "\(views.count) of the \(featureViews)" : shown) "
                + "the head is trained on: in `cached` mode each training image has `feature_views` = \(featureViews) fixed "
                + "crops and flips, whose backbone features are computed once and cycled over the epochs"
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
