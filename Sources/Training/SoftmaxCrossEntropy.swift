// Shape legend: N batch, C classes.

import Foundation
import Tensors

/// The loss on tensors, with errors for mismatched shapes and labels (the loss itself is
/// `Tensors.SoftmaxCrossEntropy`; the metrics read off logits are `ClassificationMetrics`).
extension SoftmaxCrossEntropy {
    /// The mean loss and its gradient w.r.t. the logits, `(softmax - target) / N`, for hard labels.
    public static func lossAndGradient(logits: Tensor, labels: [Int]) throws -> (loss: Double, gradient: Tensor) {
        let (n, c) = try dimensions(of: logits, rows: labels.count)
        let targets = try oneHot(labels, classCount: c)
        let result = lossAndGradient(logits: logits.scalars.map(Double.init), targets: targets, rows: n, classes: c)
        return (result.loss, Tensor(shape: [n, c], scalars: result.gradient.map(Float.init)))
    }

    /// The mean loss and its gradient for soft targets [N, C] (rows summing to 1), as MixUp needs:
    /// a target `λ·onehot(a) + (1-λ)·onehot(b)` gives `λ·CE(a) + (1-λ)·CE(b)`.
    public static func lossAndGradient(logits: Tensor, targets: Tensor) throws -> (loss: Double, gradient: Tensor) {
        guard targets.shape == logits.shape, logits.rank == 2 else {
            throw TrainingError.shapeMismatch(what: "soft targets", expected: logits.shape, actual: targets.shape)
        }
        let (n, c) = (logits.shape[0], logits.shape[1])
        let result = lossAndGradient(logits: logits.scalars.map(Double.init), targets: targets.scalars.map(Double.init),
                                     rows: n, classes: c)
        return (result.loss, Tensor(shape: [n, c], scalars: result.gradient.map(Float.init)))
    }

    /// One-hot rows [labels.count, classCount] in `Double`.
    static func oneHot(_ labels: [Int], classCount: Int) throws -> [Double] {
        var targets = [Double](repeating: 0, count: labels.count * classCount)
        for (row, label) in labels.enumerated() {
            guard (0..<classCount).contains(label) else {
                throw TrainingError.labelOutOfRange(label: label, classCount: classCount)
            }
            targets[row * classCount + label] = 1
        }
        return targets
    }

    static func dimensions(of logits: Tensor, rows: Int) throws -> (Int, Int) {
        guard logits.rank == 2, logits.shape[0] == rows else {
            throw TrainingError.shapeMismatch(what: "logits", expected: [rows, logits.shape.last ?? 0], actual: logits.shape)
        }
        return (logits.shape[0], logits.shape[1])
    }
}
