// Shape legend: N batch, C classes.

import Foundation
import Tensors

/// The loss on tensors, with errors for mismatched shapes and labels, and the metrics
/// read off logits (the loss itself is `Tensors.SoftmaxCrossEntropy`).
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

    /// The per-row probabilities softmax(logits) [N, C].
    public static func softmax(_ logits: Tensor) -> Tensor {
        guard logits.rank == 2, logits.shape[1] > 0 else { return logits }
        let c = logits.shape[1]
        var out = [Float](repeating: 0, count: logits.count)
        for row in 0..<logits.shape[0] {
            let range = row * c ..< (row + 1) * c
            let values = logits.scalars[range].map(Double.init)
            let lse = logSumExp(values[...])
            for (offset, value) in values.enumerated() { out[range.lowerBound + offset] = Float(exp(value - lse)) }
        }
        return Tensor(shape: logits.shape, scalars: out)
    }

    /// The fraction of rows whose largest logit is at the label (the first maximum on ties,
    /// as `argmax` does).
    public static func accuracy(logits: Tensor, labels: [Int]) throws -> Double {
        let (n, _) = try dimensions(of: logits, rows: labels.count)
        guard n > 0 else { return 0 }
        let correct = predictions(logits).enumerated().filter { $0.element == labels[$0.offset] }.count
        return Double(correct) / Double(n)
    }

    /// The predicted class (argmax, first maximum on ties) of each row.
    public static func predictions(_ logits: Tensor) -> [Int] {
        guard logits.rank == 2, logits.shape[1] > 0 else { return [] }
        let c = logits.shape[1]
        return (0..<logits.shape[0]).map { row in
            var best = 0
            for k in 1..<c where logits.scalars[row * c + k] > logits.scalars[row * c + best] { best = k }
            return best
        }
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

    private static func dimensions(of logits: Tensor, rows: Int) throws -> (Int, Int) {
        guard logits.rank == 2, logits.shape[0] == rows else {
            throw TrainingError.shapeMismatch(what: "logits", expected: [rows, logits.shape.last ?? 0], actual: logits.shape)
        }
        return (logits.shape[0], logits.shape[1])
    }
}
