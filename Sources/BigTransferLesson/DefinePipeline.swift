import Foundation
import ImagePipeline
import LessonKit
import Plotting
import Tensors

/// Cell 4. The Keras lesson's `preprocess_train` / `preprocess_test` and its batched
/// `tf.data` pipelines: flip, resize, random crop and scale for training; resize and scale for
/// validation. The figure is the first batch exactly as the train cell's stream draws it.
struct DefinePipeline: Cell {
    @Parameter var resizeTo: Int
    @Parameter var cropTo: Int
    @Parameter var batchSize: Int
    @Parameter var seed: Int
    @Parameter var featureViews: Int
    @Parameter var featureMode: FeatureMode
    @Upstream var dataset: Dataset
    @Input var data: ResolvedInput

    func run(_ context: CellContext) throws -> Pipeline {
        let plan = AugmentationPlan(resizeTo: resizeTo, cropTo: cropTo, method: .bilinear)
        let draws = FirstBatch.draws(trainCount: dataset.trainIndices.count, batchSize: batchSize, seed: seed,
                                     featureViews: featureViews, mode: featureMode)
        let shown = Array(draws.prefix(25))
        let files = shown.map { dataset.trainIndices[$0.image] }
        let views = zip(shown, files).map { plan.view(seed: UInt64(seed), imageIndex: $1, viewIndex: $0.view) }
        let images = ImageSource(dataset: dataset, root: data.url, memo: context.memo)
        let batch = try images.batch(files, plan: plan, views: views)
        let example = try ExampleViews(image: files[0], dataset: dataset, images: images, plan: plan, seed: seed,
                                       featureViews: featureViews, mode: featureMode)
        try FirstBatch.figure(batch, labels: files.map { dataset.classNames[dataset.labels[$0]] }, example: example)
            .writePNG(to: context.outputURL(named: "03-train-batch.png"))
        try FirstBatch.writePixels(batch, to: context.stateDirectory)
        let pipeline = Pipeline(resizeTo: resizeTo, cropTo: cropTo, seed: seed, batchSize: batchSize,
                                firstBatch: FirstBatch(files: files.map { dataset.files[$0] }, views: shown.map(\.view)),
                                shown: files.count, exampleViews: example.sentence)
        pipeline.report(context: context)
        HyperRuleTables.resolution(imageSizes: try files.map { (try images.image($0).width, try images.image($0).height) },
                                   pipeline: pipeline, context: context)
        return pipeline
    }
}

/// The preprocessing every later cell applies, and the first training batch it drew.
struct Pipeline: Codable, Equatable {
    var resizeTo: Int
    var cropTo: Int
    var seed: Int
    var batchSize: Int
    var firstBatch: FirstBatch
    /// Images of the first batch shown in the figure.
    var shown: Int
    /// What the figure's second part shows: one image's training views.
    var exampleViews: String

    /// TensorFlow's bilinear resize, then the random crop and flip of each view.
    var plan: AugmentationPlan { AugmentationPlan(resizeTo: resizeTo, cropTo: cropTo, method: .bilinear) }

    func report(context: CellContext) {
        context.summary.table(headers: ["step", "training", "validation"], rows: [
            ["decode", "JPEG/PNG → RGB (EXIF orientation ignored, as TensorFlow)", "same"],
            ["flip", "random left-right", "—"],
            ["resize", "bilinear to \(resizeTo)x\(resizeTo) (TF half-pixel centers)", "bilinear to \(resizeTo)x\(resizeTo)"],
            ["crop", "random \(cropTo)x\(cropTo)", "—"],
            ["scale", "/ 255 → [0, 1]", "/ 255 → [0, 1]"],
            ["batch", "\(batchSize)", "\(batchSize)"],
        ])
        context.summary.image(path: "03-train-batch.png", alt: "the first \(shown) images of the first training batch, and one image's training views")
        context.fact("train input", "\(cropTo)x\(cropTo) crops of \(resizeTo)x\(resizeTo)")
        context.fact("figure", "03-train-batch.png")
    }
}
