// Shape legend: N batch, D feature width, C classes.

import Foundation
import Tensors

/// The settings of the lesson's `model.fit` call.
public struct TrainingConfiguration: Sendable {
    /// Examples per training batch (the lesson: 64).
    public var batchSize = 64
    /// Batches per epoch (the lesson: STEPS_PER_EPOCH = 10).
    public var stepsPerEpoch = 10
    /// The number of epochs (the lesson: SCHEDULE_LENGTH / STEPS_PER_EPOCH = 500 / 10 = 50).
    public var epochs = 50
    /// The learning rate per optimizer step.
    public var schedule: any LearningRateSchedule
    /// SGD momentum (the lesson: 0.9).
    public var momentum: Float = 0.9
    /// Nesterov momentum (the lesson: off).
    public var nesterov = false
    /// Early-stopping patience on `val_accuracy` (the lesson: 2); nil trains every epoch.
    public var earlyStoppingPatience: Int? = 2
    /// Seeds the order of training draws and MixUp.
    public var seed: UInt64 = 0
    /// K: the number of distinct augmented views kept per training image in cached mode; the
    /// n-th appearance of an image uses view n mod K. Faithful mode uses view n (always fresh).
    public var featureViews = 2
    /// MixUp's α; 0 turns MixUp off (the lesson, and the BiT-HyperRule below 20k images).
    public var mixUpAlpha = 0.0

    /// The lesson's configuration with a given schedule.
    public init(schedule: any LearningRateSchedule) {
        self.schedule = schedule
    }

    /// The view of an image's `appearance`-th draw.
    public func view(forAppearance appearance: Int, faithful: Bool) -> Int {
        faithful ? appearance : appearance % featureViews
    }

    func validate() throws {
        guard batchSize > 0, stepsPerEpoch > 0, epochs > 0 else {
            throw TrainingError.invalidConfiguration(
                "batch size (\(batchSize)), steps per epoch (\(stepsPerEpoch)) and epochs (\(epochs)) must be positive")
        }
        guard featureViews > 0 else {
            throw TrainingError.invalidConfiguration("feature views K must be at least 1, got \(featureViews)")
        }
        guard mixUpAlpha >= 0, (earlyStoppingPatience ?? 0) >= 0 else {
            throw TrainingError.invalidConfiguration("MixUp alpha and patience must not be negative")
        }
    }
}

/// What training produced.
public struct TrainingResult {
    /// The trained head; the best epoch's head when early stopping restored one.
    public var head: DenseHead
    /// One row per epoch run, and what early stopping did.
    public var history: TrainingHistory
    /// Optimizer steps taken.
    public var steps: Int
    /// Backbone work for the training draws.
    public var trainFeatureCounts: FeatureCounts
    /// Backbone work for the validation passes.
    public var validationFeatureCounts: FeatureCounts
}

/// Trains a zero-initialised dense head on frozen-backbone features, the way the Keras lesson's
/// `model.fit` does: shuffled passes batched continuously, SGD with momentum on the schedule,
/// a validation pass after every epoch, early stopping on `val_accuracy`.
public struct TransferTrainer {
    /// The settings.
    public let configuration: TrainingConfiguration

    public init(configuration: TrainingConfiguration) {
        self.configuration = configuration
    }

    /// Trains the head.
    ///
    /// - Parameters:
    ///   - trainLabels: the class of each training image, in `0..<classCount`.
    ///   - validationLabels: the class of each validation image.
    ///   - classCount: the number of classes C.
    ///   - trainFeatures: features of (image, view) training items.
    ///   - validationFeatures: features of (image, 0) validation items.
    ///   - callbacks: extra callbacks (progress); early stopping is added here.
    ///   - checkCancellation: called before every batch and validation pass; what it throws
    ///     (the lesson's Ctrl-C) ends training at once.
    public func train(trainLabels: [Int], validationLabels: [Int], classCount: Int,
                      trainFeatures: FeatureSource, validationFeatures: FeatureSource,
                      callbacks: [TrainingCallback] = [],
                      checkCancellation: () throws -> Void = {}) throws -> TrainingResult {
        try configuration.validate()
        try checkLabels(trainLabels, classCount: classCount, split: "training")
        try checkLabels(validationLabels, classCount: classCount, split: "validation")
        let earlyStopping = configuration.earlyStoppingPatience.map { EarlyStopping(patience: $0) }
        let model = HeadTrainingModel(configuration: configuration, trainLabels: trainLabels, classCount: classCount,
                                      trainFeatures: trainFeatures, validationLabels: validationLabels,
                                      validationFeatures: validationFeatures)
        let loop = TrainingLoop(steps: configuration.epochs * configuration.stepsPerEpoch,
                                stepsPerEpoch: configuration.stepsPerEpoch, schedule: configuration.schedule)
        let history = try loop.run(model, callbacks: (earlyStopping.map { [$0] } ?? []) + callbacks,
                                   checkCancellation: checkCancellation)
        guard let head = model.head else {
            throw TrainingError.invalidConfiguration("training produced no epoch")
        }
        return TrainingResult(head: head, history: history, steps: model.steps,
                              trainFeatureCounts: trainFeatures.counts,
                              validationFeatureCounts: validationFeatures.counts)
    }

    private func checkLabels(_ labels: [Int], classCount: Int, split: String) throws {
        guard classCount > 0, !labels.isEmpty else {
            throw TrainingError.invalidConfiguration("the \(split) split is empty or there are no classes")
        }
        if let bad = labels.first(where: { !(0..<classCount).contains($0) }) {
            throw TrainingError.labelOutOfRange(label: bad, classCount: classCount)
        }
    }
}
