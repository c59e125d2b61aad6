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

    /// The training loop: `steps` steps in epochs of `stepsPerEpoch`, on the schedule.
    public var loop: TrainingLoop { TrainingLoop(steps: steps, stepsPerEpoch: stepsPerEpoch, schedule: schedule) }

    /// The number of history rows: epochs of `stepsPerEpoch`, the last one possibly shorter.
    public var epochs: Int { loop.epochs }

    /// The optimiser's settings (the loop checks the steps).
    func validate() throws {
        guard momentum >= 0 && momentum < 1, weightDecay >= 0 else {
            throw TrainingError.invalidConfiguration("momentum must lie in [0, 1) and weight decay be at least 0 "
                                                     + "(got \(momentum), \(weightDecay))")
        }
    }
}

/// Trains every parameter of a `ResNetV2` with SGD and momentum on batches that
/// are a pure function of the step, validating after each epoch (the loop the head trainer
/// uses too). With a progress folder it saves the model, the optimiser state and the history
/// after every epoch, and a later run resumes from the last saved epoch, so an interrupted run
/// loses at most one epoch.
public final class WholeNetworkTrainer {
    public let training: WholeNetworkTraining
    /// Where progress is saved and resumed from (nil: nothing is saved).
    public let progressDirectory: URL?

    public init(training: WholeNetworkTraining, progressDirectory: URL? = nil) {
        self.training = training
        self.progressDirectory = progressDirectory
    }

    /// Trains `model` in place. `batch(step)` gives the batch of a step; `validate(model)`
    /// measures the model on held-out data. `callbacks` see every step and epoch (a resumed run
    /// begins at `context.startStep`); what they throw (the lesson's Ctrl-C) stops training,
    /// keeping the last saved epoch. Returns the history, one row per epoch.
    public func train(_ model: ResNetV2, batch: @escaping (Int) throws -> LabelledBatch,
                      validate: @escaping (ResNetV2) throws -> NetworkEvaluation,
                      callbacks: [TrainingCallback] = []) throws -> TrainingHistory {
        try training.validate()
        let optimizer = SGD(momentum: training.momentum, weightDecay: training.weightDecay)
        var start = TrainingProgress()
        var saving: [TrainingCallback] = []
        if let progressDirectory {
            if let saved = try TrainingSnapshot.latest(in: progressDirectory, for: model, optimizer: optimizer) {
                start = TrainingProgress(step: saved.step, epochs: saved.history)
            }
            saving = [SavingCallback { context in
                try TrainingSnapshot(step: context.step, history: context.history.epochs)
                    .save(model, optimizer: optimizer, in: progressDirectory)
            }]
        }
        let steps = NetworkSteps(batch: batch, validate: { try validate(model) }) { images, labels, rate in
            let result = model.trainStep(images: images, labels: labels, learningRate: rate, optimizer: optimizer)
            return (result.loss, result.logits)
        }
        return try training.loop.run(steps, from: start, callbacks: saving + callbacks)
    }
}

/// A whole network as the training loop sees it: `update` is the one call into the model, one
/// SGD step on a batch that returns its loss and logits before the update.
private final class NetworkSteps: TrainingModel {
    let batch: (Int) throws -> LabelledBatch
    let measure: () throws -> NetworkEvaluation
    let update: (Tensor, [Int], Float) -> (loss: Double, logits: [Float])

    init(batch: @escaping (Int) throws -> LabelledBatch, validate: @escaping () throws -> NetworkEvaluation,
         update: @escaping (Tensor, [Int], Float) -> (loss: Double, logits: [Float])) {
        self.batch = batch
        measure = validate
        self.update = update
    }

    func trainStep(_ step: Int, learningRate: Double) throws -> StepResult {
        let next = try batch(step)
        let result = update(next.images, next.labels, Float(learningRate))
        return StepResult(examples: next.labels.count, loss: result.loss,
                          correct: ClassificationMetrics.correctCount(logits: result.logits, labels: next.labels))
    }

    func validate() throws -> ValidationResult {
        let evaluation = try measure()
        return ValidationResult(loss: evaluation.loss, accuracy: evaluation.accuracy)
    }
}

/// Saves progress after every epoch (first in the list, before the other callbacks hear of it).
private final class SavingCallback: TrainingCallback {
    let save: (TrainingContext) throws -> Void
    init(save: @escaping (TrainingContext) throws -> Void) { self.save = save }
    func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) throws { try save(context) }
}
