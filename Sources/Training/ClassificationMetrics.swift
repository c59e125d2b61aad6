// Shape legend: N rows, C classes; logits row-major [N, C].

import Foundation
import Tensors

/// What a classifier's logits say, beside the loss (`SoftmaxCrossEntropy`): each row's
/// predicted class, the accuracy, the probabilities. One implementation for the head
/// trainer, the evaluation, the linear probe and whole-network training.
public enum ClassificationMetrics {
    /// The per-row probabilities softmax(logits) [N, C].
    public static func softmax(_ logits: Tensor) -> Tensor {
        guard logits.rank == 2, logits.shape[1] > 0 else { return logits }
        let c = logits.shape[1]
        var out = [Float](repeating: 0, count: logits.count)
        for row in 0..<logits.shape[0] {
            let range = row * c ..< (row + 1) * c
            let values = logits.scalars[range].map(Double.init)
            let lse = SoftmaxCrossEntropy.logSumExp(values[...])
            for (offset, value) in values.enumerated() { out[range.lowerBound + offset] = Float(exp(value - lse)) }
        }
        return Tensor(shape: logits.shape, scalars: out)
    }

    /// The fraction of rows whose largest logit is at the label (the first maximum on ties,
    /// as `argmax` does).
    public static func accuracy(logits: Tensor, labels: [Int]) throws -> Double {
        guard logits.rank == 2, logits.shape[0] == labels.count else {
            throw TrainingError.shapeMismatch(what: "logits", expected: [labels.count, logits.shape.last ?? 0],
                                              actual: logits.shape)
        }
        let n = labels.count
        guard n > 0 else { return 0 }
        let correct = predictions(logits).enumerated().filter { $0.element == labels[$0.offset] }.count
        return Double(correct) / Double(n)
    }

    /// The predicted class (argmax, first maximum on ties) of each row.
    public static func predictions(_ logits: Tensor) -> [Int] {
        guard logits.rank == 2, logits.shape[1] > 0 else { return [] }
        return predictions(logits.scalars, classes: logits.shape[1])
    }

    /// The predicted class (argmax, first maximum on ties) of each row of row-major `logits` [N, classes].
    public static func predictions(_ logits: [Float], classes: Int) -> [Int] {
        precondition(classes > 0 && logits.count % classes == 0, "\(logits.count) logits in rows of \(classes)")
        return stride(from: 0, to: logits.count, by: classes).map { start in
            var best = start
            for index in start ..< start + classes where logits[index] > logits[best] { best = index }
            return best - start
        }
    }

    /// How many rows of `logits` [labels.count, classes] have their largest value at the label.
    public static func correctCount(logits: [Float], labels: [Int]) -> Int {
        guard !labels.isEmpty else { return 0 }
        return zip(predictions(logits, classes: logits.count / labels.count), labels).filter { $0 == $1 }.count
    }
}
