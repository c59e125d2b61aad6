import BiT
import Foundation
import Tensors
import Training

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); labels [N] class indices.

/// One labelled training batch.
public struct LabelledBatch {
    /// [N, H, W, 3] with values in [0, 1].
    public var images: Tensor
    /// N class indices.
    public var labels: [Int]

    public init(images: Tensor, labels: [Int]) {
        precondition(images.rank == 4 && images.shape[0] == labels.count,
                     "a batch of \(images.shape) images with \(labels.count) labels")
        self.images = images
        self.labels = labels
    }
}

/// How a whole network is trained: the optimiser, the schedule and the epoch length.
public struct WholeNetworkTraining {
    /// Optimizer steps in all.
    public var steps: Int
    /// Steps between two validations (one history row).
    public var stepsPerEpoch: Int
    /// The learning rate of each step (a warm-up then step decay, as BiT's).
    public var schedule: LearningRateSchedule
    /// SGD momentum (Keras' form, see `MomentumSGD`).
    public var momentum: Float = 0.9
    /// L2 weight decay of the convolution and head kernels (BiT upstream: 1e-4; the HyperRule: 0).
    public var weightDecay: Float = 0

    public init(steps: Int, stepsPerEpoch: Int, schedule: LearningRateSchedule) {
        self.steps = steps
        self.stepsPerEpoch = stepsPerEpoch
        self.schedule = schedule
    }

    /// The number of history rows: epochs of `stepsPerEpoch`, the last one possibly shorter.
    public var epochs: Int { (steps + stepsPerEpoch - 1) / max(1, stepsPerEpoch) }

    func validate() throws {
        guard steps > 0, stepsPerEpoch > 0 else {
            throw TrainingError.invalidConfiguration("train for a positive number of steps (\(steps)) "
                                                     + "in epochs of a positive number of steps (\(stepsPerEpoch))")
        }
        guard momentum >= 0 && momentum < 1, weightDecay >= 0 else {
            throw TrainingError.invalidConfiguration("momentum must lie in [0, 1) and weight decay be at least 0 "
                                                     + "(got \(momentum), \(weightDecay))")
        }
    }
}

/// Trains every parameter of a `ResNetV2` with SGD and momentum on batches that
/// are a pure function of the step, validating after each epoch. With a progress folder it
/// saves the model, the optimiser state and the history after every epoch, and a later run
/// resumes from the last saved epoch, so an interrupted run loses at most one epoch.
public final class WholeNetworkTrainer {
    public let training: WholeNetworkTraining
    /// Where progress is saved and resumed from (nil: nothing is saved).
    public let progressDirectory: URL?

    /// Called after every step with (steps done, steps in all); throwing stops training
    /// (the lesson's Ctrl-C), keeping the last saved epoch.
    public var onStep: (Int, Int) throws -> Void = { _, _ in }
    /// Called after every epoch's validation.
    public var onEpoch: (EpochMetrics) -> Void = { _ in }
    /// Called once when training resumes from saved progress, with the steps already done.
    public var onResume: (Int) -> Void = { _ in }

    public init(training: WholeNetworkTraining, progressDirectory: URL? = nil) {
        self.training = training
        self.progressDirectory = progressDirectory
    }

    /// Trains `model` in place. `batch(step)` gives the batch of a step; `validate(model)`
    /// measures the model on held-out data. Returns the history, one row per epoch.
    public func train(_ model: ResNetV2, batch: (Int) throws -> LabelledBatch,
                      validate: (ResNetV2) throws -> NetworkEvaluation) throws -> [EpochMetrics] {
        try training.validate()
        var history: [EpochMetrics] = []
        var step = 0
        var elapsedBefore = 0.0
        let optimizer = SGD(momentum: training.momentum, weightDecay: training.weightDecay)
        if let progressDirectory,
           let saved = try TrainingSnapshot.latest(in: progressDirectory, for: model, optimizer: optimizer) {
            history = saved.history
            step = saved.step
            elapsedBefore = saved.history.last?.wallTime ?? 0
            onResume(step)
        }
        let start = Date()
        while step < training.steps {
            let epoch = history.count + 1
            let epochEnd = min(training.steps, epoch * training.stepsPerEpoch)
            var lossSum = 0.0, correct = 0, seen = 0
            var rate = 0.0
            while step < epochEnd {
                let next = try batch(step)
                rate = training.schedule.learningRate(at: step)
                let result = model.trainStep(images: next.images, labels: next.labels, learningRate: Float(rate),
                                             optimizer: optimizer)
                lossSum += result.loss * Double(next.labels.count)
                correct += ClassificationMetrics.correctCount(logits: result.logits, labels: next.labels)
                seen += next.labels.count
                step += 1
                try onStep(step, training.steps)
            }
            let evaluation = try validate(model)
            let metrics = EpochMetrics(epoch: epoch, trainLoss: lossSum / Double(seen),
                                       trainAccuracy: Double(correct) / Double(seen),
                                       validationLoss: evaluation.loss, validationAccuracy: evaluation.accuracy,
                                       learningRate: rate, wallTime: elapsedBefore + Date().timeIntervalSince(start))
            history.append(metrics)
            if let progressDirectory {
                try TrainingSnapshot(step: step, history: history).save(model, optimizer: optimizer, in: progressDirectory)
            }
            onEpoch(metrics)
        }
        return history
    }
}
