import Tensors

/// A quantity early stopping can watch.
public enum MonitoredMetric: String, Codable, Sendable {
    case validationAccuracy = "val_accuracy"
    case validationLoss = "val_loss"
    case trainAccuracy = "accuracy"
    case trainLoss = "loss"

    /// Whether larger is better (Keras' "auto" mode: losses go down, accuracies up).
    public var higherIsBetter: Bool { self == .validationAccuracy || self == .trainAccuracy }

    /// The value in an epoch's metrics.
    public func value(in metrics: EpochMetrics) -> Double {
        switch self {
        case .validationAccuracy: return metrics.validationAccuracy
        case .validationLoss: return metrics.validationLoss
        case .trainAccuracy: return metrics.trainAccuracy
        case .trainLoss: return metrics.trainLoss
        }
    }
}

/// Keras' `EarlyStopping` callback (Keras 3, `keras/src/callbacks/early_stopping.py`), with the
/// lesson's settings `monitor="val_accuracy", patience=2, restore_best_weights=True`:
///
/// - An epoch improves when `current - minDelta > best` (strictly; `<` for losses), the best
///   starting at -∞ (or +∞). A tie is no improvement.
/// - Each epoch first counts one more epoch of waiting, then an improvement resets the count and
///   remembers the head. Training stops at the end of an epoch when the count has reached
///   `patience` (never at the first epoch).
/// - The first monitored epoch's head is remembered even if it does not improve.
/// - At the end of training the remembered head is restored, whether or not early stopping
///   fired (Keras 3's `on_train_end`).
///
/// It records what it did in the run's history (`stoppedEpoch`, `restoredEpoch`), whose `kept`
/// row is then the restored epoch's. Restoring needs a model that can copy its weights
/// (`WeightsRestoring`); with another model it only stops.
public final class EarlyStopping: TrainingCallback {
    /// The watched quantity.
    public let monitor: MonitoredMetric
    /// Epochs without improvement before stopping.
    public let patience: Int
    /// The smallest change that counts as an improvement.
    public let minDelta: Double
    /// Whether to restore the best head at the end.
    public let restoreBestWeights: Bool

    /// Epochs since the last improvement.
    public private(set) var wait = 0
    /// The best value seen.
    public private(set) var best: Double
    /// The epoch (1-based) of the best value, or of the first epoch if none improved.
    public private(set) var bestEpoch: Int?
    private var bestWeights: KeptWeights?

    public init(monitor: MonitoredMetric = .validationAccuracy, patience: Int = 2, minDelta: Double = 0,
                restoreBestWeights: Bool = true) {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = abs(minDelta)
        self.restoreBestWeights = restoreBestWeights
        best = monitor.higherIsBetter ? -.infinity : .infinity
    }

    public func trainingWillBegin(_ context: TrainingContext) {
        wait = 0
        best = monitor.higherIsBetter ? -.infinity : .infinity
        bestEpoch = nil
        bestWeights = nil
    }

    public func epochDidEnd(_ metrics: EpochMetrics, context: TrainingContext) {
        let current = monitor.value(in: metrics)
        if restoreBestWeights && bestWeights == nil {
            bestWeights = context.keepWeights()
            bestEpoch = metrics.epoch
        }
        wait += 1
        if isImprovement(current) {
            best = current
            bestEpoch = metrics.epoch
            if restoreBestWeights { bestWeights = context.keepWeights() }
            wait = 0
            return
        }
        if wait >= patience && metrics.epoch > 1 {
            context.history.stoppedEpoch = metrics.epoch
            context.stopTraining = true
        }
    }

    public func trainingDidEnd(_ context: TrainingContext) {
        guard restoreBestWeights, let weights = bestWeights else { return }
        context.restore(weights)
        context.history.restoredEpoch = bestEpoch
    }

    private func isImprovement(_ current: Double) -> Bool {
        monitor.higherIsBetter ? current - minDelta > best : current + minDelta < best
    }
}
