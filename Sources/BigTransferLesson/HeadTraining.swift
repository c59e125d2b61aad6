import Foundation
import LessonKit
import Training

/// Training the dense head on a backbone's features, as the train cell does; the
/// random-backbone comparison trains the same head the same way on other features.
enum HeadTraining {
    struct Run {
        var result: TrainingResult
        var state: TrainingState
        var faithful: Bool
    }

    /// The rule `batch_size <= training images`, which only the data can decide: a batch larger
    /// than the split repeats images within one step and costs memory for nothing.
    static func checkBatchSize(_ batchSize: Int, trainingImages: Int, context: CellContext) throws {
        guard batchSize > trainingImages else { return }
        let declared = context.lesson.parameters.first { $0.name == "batch_size" }?.defaultValue
        let suggestion = min(trainingImages, declared.flatMap { if case .int(let v) = $0 { v } else { nil } } ?? 32)
        throw LessonStateError.invalidSetting(
            "parameter batch_size = \(batchSize) is out of range: it must be 1 ... \(trainingImages) (the training "
            + "images). Choose a value in range, for example --set batch_size=\(suggestion).")
    }

    /// Trains a zero head on `features` with the lesson's configuration (train's parameters).
    static func run(_ features: LessonFeatures, context: CellContext) throws -> Run {
        let settings = try HeadTrainingSettings(context)
        let faithful = settings.faithful
        var configuration = settings.configuration
        configuration.seed = features.seed

        let dataset = features.dataset
        try checkBatchSize(configuration.batchSize, trainingImages: dataset.trainIndices.count, context: context)
        let trainStore = try features.store("train"), validationStore = try features.store("validation")
        if !faithful {
            // Validation images and the first view of every training image are always needed:
            // compute them up front, with progress bars; later views are computed when first drawn.
            try features.fill(validationStore, items: TrainingCells.items(dataset.validationIndices.count, view: 0),
                              label: "validation features", context: context,
                              compute: features.validationFeatures)
            try features.fill(trainStore, items: TrainingCells.items(dataset.trainIndices.count, view: 0),
                              label: "training features (view 1)", context: context,
                              compute: features.trainFeatures)
        }
        let trainSource = FeatureSource(mode: faithful ? .faithful : .cached(trainStore),
                                        computeBatchSize: LessonFeatures.backboneBatch, compute: features.trainFeatures)
        let validationSource = FeatureSource(mode: faithful ? .faithful : .cached(validationStore),
                                             computeBatchSize: LessonFeatures.backboneBatch,
                                             compute: features.validationFeatures)
        let standardization = settings.standardizeFeatures
            ? try FeatureStandardization(features: FeatureSource(
                mode: faithful ? .faithful : .cached(trainStore), computeBatchSize: LessonFeatures.backboneBatch,
                compute: features.trainFeatures).features(for: TrainingCells.items(dataset.trainIndices.count, view: 0)))
            : nil
        if let standardization {
            trainSource.transform = standardization.apply
            validationSource.transform = standardization.apply
        }
        let logger = ClosureCallback(onEpoch: { metrics in
            context.log(metrics.logLine)
        })
        let start = Date()
        let trainLabels = dataset.trainIndices.map { dataset.labels[$0] }
        let validationLabels = dataset.validationIndices.map { dataset.labels[$0] }
        var result = try TransferTrainer(configuration: configuration).train(
            trainLabels: trainLabels, validationLabels: validationLabels, classCount: dataset.classNames.count,
            trainFeatures: trainSource, validationFeatures: validationSource, callbacks: [logger],
            checkCancellation: context.checkCancellation)
        try context.checkCancellation()
        let seconds = Date().timeIntervalSince(start)
        // The head learned on standardized features, folded into one on the backbone's own.
        if let standardization { result.head = try standardization.fold(into: result.head) }

        let state = TrainingState(restoredEpoch: result.restoredEpoch, stoppedEpoch: result.stoppedEpoch,
                                  steps: result.steps, featureStoreKey: features.storeKey,
                                  trainFeatureHits: result.trainFeatureCounts.hits,
                                  trainFeatureMisses: result.trainFeatureCounts.misses, seconds: seconds)
        return Run(result: result, state: state, faithful: faithful)
    }
}
