// Shape legend: N batch, C classes.

import Foundation
import Tensors

/// Softmax cross-entropy computed from logits, as Keras'
/// `SparseCategoricalCrossentropy(from_logits=True)` with its default reduction
/// ("sum over batch size"): the mean over the batch of `-log softmax(logits)[label]`.
///
/// The per-row arithmetic runs in `Double` with the log-sum-exp shift
/// (`log Σ exp(z) = m + log Σ exp(z - m)`, m = max z), so large logits never overflow.
public enum SoftmaxCrossEntropy {
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

    /// The exact-precision core: mean cross-entropy of row-major `logits` [rows, classes]
    /// against `targets` of the same shape, and its gradient `(softmax - targets) / rows`.
    public static func lossAndGradient(logits: [Double], targets: [Double], rows: Int, classes: Int)
        -> (loss: Double, gradient: [Double]) {
        precondition(logits.count == rows * classes && targets.count == logits.count)
        guard rows > 0 else { return (0, []) }
        var total = 0.0
        var gradient = [Double](repeating: 0, count: logits.count)
        for row in 0..<rows {
            let range = row * classes ..< (row + 1) * classes
            let logSumExp = Self.logSumExp(logits[range])
            for k in range {
                let logProbability = logits[k] - logSumExp
                total -= targets[k] * logProbability
                gradient[k] = (exp(logProbability) - targets[k]) / Double(rows)
            }
        }
        return (total / Double(rows), gradient)
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

    private static func logSumExp(_ values: ArraySlice<Double>) -> Double {
        guard let maximum = values.max(), maximum.isFinite else { return values.max() ?? -.infinity }
        return maximum + log(values.reduce(0) { $0 + exp($1 - maximum) })
    }
}
