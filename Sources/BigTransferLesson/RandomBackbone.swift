import BiT
import Foundation
import LessonKit
import Training

/// Cell 10. What the pre-trained weights are worth: the same head, trained the same way, on a
/// randomly initialised backbone of the same shape.
struct RandomBackbone: Cell {
    @Parameter var compareRandomBackbone: Bool
    @Parameter var batchSize: Int
    @Parameter var stepsPerEpoch: Int
    @Parameter var scheduleLength: Int
    @Parameter var scheduleBoundaries: [Int]
    @Parameter var learningRate: Double
    @Parameter var momentum: Double
    @Parameter var patience: Int
    @Parameter var featureMode: FeatureMode
    @Parameter var featureViews: Int
    @Parameter var standardizeFeatures: Bool
    @Upstream var dataset: Dataset
    @Upstream var pipeline: Pipeline
    @Upstream var head: NewHead
    @Input var data: ResolvedInput
    @Input var weights: ResolvedInput

    func run(_ context: CellContext) throws -> RandomBackboneResult {
        guard compareRandomBackbone else { return RandomBackboneResult.skipped(context) }
        let fit = HeadFit(batchSize: batchSize, stepsPerEpoch: stepsPerEpoch, scheduleLength: scheduleLength,
                          schedule: try PiecewiseConstantSchedule.tenfoldDecay(base: learningRate, boundaries: scheduleBoundaries),
                          momentum: momentum, patience: patience, featureViews: featureViews,
                          featureMode: featureMode, standardizeFeatures: standardizeFeatures)
        try fit.check(trainingImages: dataset.trainImages)
        let features = try Self.features(dataset: dataset, pipeline: pipeline, data: data, weights: weights,
                                         context: context)
        let result = RandomBackboneResult(try fit.run(head.head, on: features, context: context))
        result.report(architecture: "\(features.model.architecture)", seed: pipeline.seed, context: context)
        return result
    }

    /// The features of a backbone shaped like the checkpoint's, its weights drawn at random from the
    /// pipeline's seed, stored under their own key (the few-shot cell reads them again).
    static func features(dataset: Dataset, pipeline: Pipeline, data: ResolvedInput, weights: ResolvedInput,
                         context: CellContext) throws -> LessonFeatures {
        let trained = try Backbone.network(weights, context: context)
        let random = try ResNetV2(
            parameters: trained.architecture.initialArrays(headClasses: nil, seed: UInt64(pipeline.seed)),
            architecture: trained.architecture, source: "random initialisation")
        let modelKey = "random-\(trained.architecture.blockUnits.map(String.init).joined(separator: "."))"
            + "x\(trained.architecture.rootChannels)-s\(pipeline.seed)"
        return try LessonFeatures(dataset: dataset, pipeline: pipeline, data: data, model: random,
                                  modelKey: modelKey, context: context)
    }
}

/// The random backbone's result (nil accuracy: the comparison was not run).
struct RandomBackboneResult: Codable, Equatable {
    var accuracy: Double?
    var epochs: Int
    var keptEpoch: Int?
    var seconds: Double

    init(_ trained: TrainedHead) {
        accuracy = trained.keptAccuracy
        epochs = trained.history.count
        keptEpoch = trained.keptEpoch
        seconds = trained.seconds
    }

    private init() {
        epochs = 0
        seconds = 0
    }

    static func skipped(_ context: CellContext) -> RandomBackboneResult {
        context.fact("skipped", "set compare_random_backbone=true to train the head on a random backbone too")
        context.summary.paragraph("Skipped: `compare_random_backbone` is false (it is on for the embedded "
            + "miniature; with R50x1 it costs a second pass of the backbone over every image). "
            + "`lesson run 62 --cell random-backbone --set compare_random_backbone=true` runs it.")
        return RandomBackboneResult()
    }

    func report(architecture: String, seed: Int, context: CellContext) {
        let percent = accuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "—"
        context.fact("val accuracy on a random backbone", percent)
        context.summary.paragraph("The same zero-initialised head, trained with the same schedule and early stopping "
            + "on the features of a \(architecture) whose weights were drawn at random (GroupNorm scales 1, "
            + "offsets 0, seed \(seed)), reaches **\(percent)** validation accuracy: the head of epoch "
            + "\(keptEpoch.map(String.init) ?? "—") of the \(epochs) epochs it trained, which early stopping kept.")
    }
}
