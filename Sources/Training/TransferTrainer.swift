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
    /// One row per epoch run.
    public var history: [EpochMetrics]
    /// The epoch (1-based) whose head was restored, if any.
    public var restoredEpoch: Int?
    /// The epoch at which early stopping ended training, if it did.
    public var stoppedEpoch: Int?
    /// Optimizer steps taken.
    public var steps: Int
    /// Backbone work for the training draws.
    public var trainFeatureCounts: FeatureCounts
    /// Backbone work for the validation passes.
    public var validationFeatureCounts: FeatureCounts

    /// The row of the epoch whose head training kept: the restored epoch, else the last one
    /// (nil when no epoch ran).
    public var keptEpoch: EpochMetrics? {
        history.first { $0.epoch == restoredEpoch } ?? history.last
    }
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
    ///   - callbacks: extra callbacks (progress); history and early stopping are added here.
    ///   - checkCancellation: called before every batch and validation pass; what it throws
    ///     (the lesson's Ctrl-C) ends training at once.
    public func train(trainLabels: [Int], validationLabels: [Int], classCount: Int,
                      trainFeatures: FeatureSource, validationFeatures: FeatureSource,
                      callbacks: [TrainingCallback] = [],
                      checkCancellation: () throws -> Void = {}) throws -> TrainingResult {
        try configuration.validate()
        try checkLabels(trainLabels, classCount: classCount, split: "training")
        try checkLabels(validationLabels, classCount: classCount, split: "validation")
        let history = HistoryRecorder()
        let earlyStopping = configuration.earlyStoppingPatience.map { EarlyStopping(patience: $0) }
        let allCallbacks: [TrainingCallback] = [history] + (earlyStopping.map { [$0] } ?? []) + callbacks

        var loop = EpochLoop(configuration: configuration, trainLabels: trainLabels, classCount: classCount,
                             trainFeatures: trainFeatures)
        let validation = Validator(labels: validationLabels, source: validationFeatures)
        var context: TrainingContext?
        let start = Date()
        for epoch in 1...configuration.epochs {
            let epochTrain = try loop.runEpoch(epoch, context: &context, callbacks: allCallbacks,
                                               checkCancellation: checkCancellation)
            guard let context else { break }
            try checkCancellation()
            let (valLoss, valAccuracy) = try validation.evaluate(context.head)
            let metrics = EpochMetrics(epoch: epoch, trainLoss: epochTrain.loss, trainAccuracy: epochTrain.accuracy,
                                       validationLoss: valLoss, validationAccuracy: valAccuracy,
                                       learningRate: epochTrain.learningRate,
                                       wallTime: Date().timeIntervalSince(start))
            for callback in allCallbacks { callback.epochDidEnd(metrics, context: context) }
            if context.stopTraining { break }
        }
        guard let context else {
            throw TrainingError.invalidConfiguration("training produced no epoch")
        }
        for callback in allCallbacks { callback.trainingDidEnd(context) }
        return TrainingResult(head: context.head, history: history.rows, restoredEpoch: earlyStopping?.restoredEpoch,
                              stoppedEpoch: earlyStopping?.stoppedEpoch, steps: loop.step,
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

/// The training half of an epoch: draws, forward, loss, backward, update.
private struct EpochLoop {
    let configuration: TrainingConfiguration
    let trainLabels: [Int]
    let classCount: Int
    let trainFeatures: FeatureSource
    let stream: TrainingStream
    var optimizer: SGD
    var mixUpGenerator: SeededGenerator
    /// The next optimizer step (Keras' `iterations`).
    var step = 0

    init(configuration: TrainingConfiguration, trainLabels: [Int], classCount: Int, trainFeatures: FeatureSource) {
        self.configuration = configuration
        self.trainLabels = trainLabels
        self.classCount = classCount
        self.trainFeatures = trainFeatures
        stream = TrainingStream(imageCount: trainLabels.count, seed: configuration.seed)
        optimizer = SGD(momentum: configuration.momentum, nesterov: configuration.nesterov)
        // Stream 0x4D49_5855 ("MIXU") of the seed draws MixUp's λ and partners.
        mixUpGenerator = SeededGenerator.derived(seed: configuration.seed, stream: 0x4D49_5855)
    }

    /// Runs one epoch's batches; creates the context (and the head, once D is known) on the first batch.
    mutating func runEpoch(_ epoch: Int, context: inout TrainingContext?, callbacks: [TrainingCallback],
                           checkCancellation: () throws -> Void) throws -> (loss: Double, accuracy: Double, learningRate: Double) {
        var lossSum = 0.0, correct = 0.0, seen = 0, learningRate = 0.0
        for batch in 1...configuration.stepsPerEpoch {
            try checkCancellation()
            let draws = stream.batch(step, size: configuration.batchSize)
            let items = draws.map {
                FeatureItem(image: $0.image,
                            view: configuration.view(forAppearance: $0.appearance, faithful: trainFeatures.isFaithful))
            }
            let labels = draws.map { trainLabels[$0.image] }
            let features = try trainFeatures.features(for: items)
            if context == nil {
                let created = TrainingContext(head: DenseHead(inputCount: features.shape[1], classCount: classCount))
                context = created
                for callback in callbacks { callback.trainingWillBegin(created) }
            }
            guard let context else { break }
            learningRate = configuration.schedule.learningRate(at: step)
            let (loss, accuracy) = try update(context, features: features, labels: labels, learningRate: learningRate)
            lossSum += loss * Double(labels.count)
            correct += accuracy * Double(labels.count)
            seen += labels.count
            let event = BatchEnd(epoch: epoch, batch: batch, step: step, loss: loss, accuracy: accuracy,
                                 learningRate: learningRate)
            step += 1
            for callback in callbacks { callback.batchDidEnd(event, context: context) }
        }
        return (lossSum / Double(max(seen, 1)), correct / Double(max(seen, 1)), learningRate)
    }

    /// One SGD step on a batch; returns the batch's loss and accuracy before the update.
    private mutating func update(_ context: TrainingContext, features: Tensor, labels: [Int],
                                 learningRate: Double) throws -> (Double, Double) {
        let logits = try context.head.logits(features)
        // Accuracy on the unmixed batch, before the update (as Keras' train step computes it).
        let accuracy = try ClassificationMetrics.accuracy(logits: logits, labels: labels)
        var inputs = features
        let loss: Double, gradient: Tensor
        if configuration.mixUpAlpha > 0 {
            let mixed = try MixUp(alpha: configuration.mixUpAlpha)
                .mix(features: features, labels: labels, classCount: classCount, using: &mixUpGenerator)
            inputs = mixed.features
            (loss, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: context.head.logits(inputs),
                                                                       targets: mixed.targets)
        } else {
            (loss, gradient) = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels)
        }
        let gradients = try context.head.parameterGradients(features: inputs, logitGradient: gradient)
        optimizer.update(&context.head, gradients: gradients, learningRate: Float(learningRate))
        return (loss, accuracy)
    }
}

/// The validation pass: every validation image's view 0, in order.
private struct Validator {
    let labels: [Int]
    let source: FeatureSource

    /// Mean loss and accuracy over the whole validation set.
    func evaluate(_ head: DenseHead) throws -> (loss: Double, accuracy: Double) {
        let items = labels.indices.map { FeatureItem(image: $0, view: 0) }
        let logits = try head.logits(source.features(for: items))
        let loss = try SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).loss
        return (loss, try ClassificationMetrics.accuracy(logits: logits, labels: labels))
    }
}
