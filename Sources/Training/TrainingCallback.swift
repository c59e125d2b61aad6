import Tensors

/// What the loop reports after each training batch.
public struct BatchEnd: Sendable {
    /// The epoch, 1-based (as Keras prints "Epoch 1/50").
    public let epoch: Int
    /// The batch within the epoch, 1-based.
    public let batch: Int
    /// The optimizer step this batch used, 0-based (Keras' `optimizer.iterations` before the update).
    public let step: Int
    /// The batch's mean loss, computed before the update (as Keras' train step does).
    public let loss: Double
    /// The batch's accuracy before the update.
    public let accuracy: Double
    /// The learning rate of this batch's update.
    public let learningRate: Double
}

/// One epoch's results: a row of the training history.
public struct EpochMetrics: Codable, Equatable, Sendable {
    /// The epoch, 1-based.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (Keras' running mean, weighted by batch size).
    public var trainLoss: Double
    /// Training accuracy over all examples of the epoch's batches.
    public var trainAccuracy: Double
    /// Mean loss over the validation set.
    public var validationLoss: Double
    /// Accuracy over the validation set.
    public var validationAccuracy: Double
    /// The learning rate of the epoch's last update.
    public var learningRate: Double
    /// Seconds from the start of training to the end of this epoch's validation.
    public var wallTime: Double

    public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, validationLoss: Double,
                validationAccuracy: Double, learningRate: Double, wallTime: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.trainAccuracy = trainAccuracy
        self.validationLoss = validationLoss
        self.validationAccuracy = validationAccuracy
        self.learningRate = learningRate
        self.wallTime = wallTime
    }

    /// The epoch's line in a training log, with Keras' metric names:
    /// `epoch   3  loss 1.2345  accuracy 0.5000  val_loss 1.3456  val_accuracy 0.4500  lr 0.000375`.
    public var logLine: String {
        String(format: "epoch %3d  loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f  lr %.6g",
               epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, learningRate)
    }
}

/// The mutable state callbacks may read and change: the head and the stop flag.
public final class TrainingContext {
    /// The head being trained; a callback may replace it (early stopping restores the best one).
    public var head: DenseHead
    /// Set by a callback to end training after the current epoch (Keras' `model.stop_training`).
    public var stopTraining = false

    public init(head: DenseHead) {
        self.head = head
    }
}

/// Receives the training loop's events, as Keras callbacks and swift-models' training-loop
/// callbacks do. Every method has an empty default.
public protocol TrainingCallback: AnyObject {
    /// Before the first batch.
    func trainingWillBegin(_ context: TrainingContext)
    /// After each batch's update.
    func batchDidEnd(_ event: BatchEnd, context: TrainingContext)
    /// After each epoch's validation pass.
    func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext)
    /// After the last epoch (or the one at which a callback stopped training).
    func trainingDidEnd(_ context: TrainingContext)
}

public extension TrainingCallback {
    func trainingWillBegin(_ context: TrainingContext) {}
    func batchDidEnd(_ event: BatchEnd, context: TrainingContext) {}
    func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) {}
    func trainingDidEnd(_ context: TrainingContext) {}
}

/// A callback made of closures, for progress bars and logging.
public final class ClosureCallback: TrainingCallback {
    private let onBatch: (BatchEnd) -> Void
    private let onEpoch: (EpochMetrics) -> Void

    public init(onBatch: @escaping (BatchEnd) -> Void = { _ in }, onEpoch: @escaping (EpochMetrics) -> Void = { _ in }) {
        self.onBatch = onBatch
        self.onEpoch = onEpoch
    }

    public func batchDidEnd(_ event: BatchEnd, context: TrainingContext) { onBatch(event) }
    public func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) { onEpoch(metrics) }
}
