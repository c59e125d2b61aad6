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

/// Weights a callback set aside (`TrainingContext.keepWeights()`), to put back later.
public struct KeptWeights {
    /// The model's weights, of its `WeightsRestoring.Weights` type (a copy: weights are values).
    public let value: Any
}

/// The state of a run that callbacks may read and change: the progress, the history, the model's
/// weights and the stop flag.
public final class TrainingContext {
    /// Steps in all.
    public let steps: Int
    /// The step the run started from: 0, or the step of the saved progress it resumed.
    public let startStep: Int
    /// Optimizer steps taken so far.
    public internal(set) var step: Int
    /// The epochs finished so far (with those of resumed progress), and what early stopping did.
    public var history: TrainingHistory
    /// Set by a callback to end training after the current epoch (Keras' `model.stop_training`).
    public var stopTraining = false
    /// The model being trained.
    public let model: any TrainingModel

    public init(model: any TrainingModel, steps: Int, start: TrainingProgress = TrainingProgress()) {
        self.model = model
        self.steps = steps
        startStep = start.step
        step = start.step
        history = TrainingHistory(epochs: start.epochs)
    }

    /// A copy of the model's current weights; nil when the model cannot give one.
    public func keepWeights() -> KeptWeights? {
        guard let model = model as? any WeightsRestoring else { return nil }
        return KeptWeights(value: model.weights)
    }

    /// Puts back weights set aside by `keepWeights()`.
    public func restore(_ kept: KeptWeights) {
        guard let model = model as? any WeightsRestoring else { return }
        Self.put(kept.value, into: model)
    }

    private static func put<Model: WeightsRestoring>(_ value: Any, into model: Model) {
        guard let weights = value as? Model.Weights else {
            preconditionFailure("weights of another model (\(type(of: value))) put back into a \(Model.self)")
        }
        model.weights = weights
    }
}

/// Receives the training loop's events, as Keras callbacks and swift-models' training-loop
/// callbacks do. Every method has an empty default; what a callback throws ends training at once.
public protocol TrainingCallback: AnyObject {
    /// Before the first step (of this run: a resumed run begins at `context.startStep`).
    func trainingWillBegin(_ context: TrainingContext)
    /// After each batch's update.
    func batchDidEnd(_ event: BatchEnd, context: TrainingContext) throws
    /// After each epoch's validation pass.
    func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) throws
    /// After the last epoch (or the one at which a callback stopped training).
    func trainingDidEnd(_ context: TrainingContext)
}

public extension TrainingCallback {
    func trainingWillBegin(_ context: TrainingContext) {}
    func batchDidEnd(_ event: BatchEnd, context: TrainingContext) throws {}
    func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) throws {}
    func trainingDidEnd(_ context: TrainingContext) {}
}

/// A callback made of closures, for progress bars and logging.
public final class ClosureCallback: TrainingCallback {
    private let onBegin: (TrainingContext) -> Void
    private let onBatch: (BatchEnd) throws -> Void
    private let onEpoch: (EpochMetrics) throws -> Void

    public init(onBegin: @escaping (TrainingContext) -> Void = { _ in },
                onBatch: @escaping (BatchEnd) throws -> Void = { _ in },
                onEpoch: @escaping (EpochMetrics) throws -> Void = { _ in }) {
        self.onBegin = onBegin
        self.onBatch = onBatch
        self.onEpoch = onEpoch
    }

    public func trainingWillBegin(_ context: TrainingContext) { onBegin(context) }
    public func batchDidEnd(_ event: BatchEnd, context: TrainingContext) throws { try onBatch(event) }
    public func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) throws { try onEpoch(metrics) }
}
