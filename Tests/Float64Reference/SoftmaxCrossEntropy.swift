import Tensors
import Foundation

// Shape legend: logits z [N, K] (K classes); labels [N] in 0..<K, or targets t [N, K]
// (rows of probabilities, e.g. MixUp blends of one-hot labels).

/// Softmax cross-entropy, averaged over the batch, for training the whole network:
/// L = −(1/N)·Σₙ Σₖ tₙₖ·log softmax(zₙ)ₖ;  ∂L/∂zₙ = (softmax(zₙ)·Σₖ tₙₖ − tₙ) / N
/// (= (softmax(zₙ) − tₙ) / N for targets that sum to one). Hard labels are one-hot targets.
/// (The head-only trainer has its own float version in the Training module.)
public enum ReferenceSoftmaxCrossEntropy {
    /// The mean loss and its gradient with respect to the logits, for class indices.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func lossAndGradient<T: ReferenceScalar>(logits: [T], labels: [Int]) -> (loss: Double, gradient: [T]) {
        let rows = labels.count
        precondition(rows > 0 && logits.count % rows == 0, "\(logits.count) logits for \(rows) labels")
        let classes = logits.count / rows
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "a label outside 0..<\(classes)")
        var targets = [T](repeating: 0, count: logits.count)
        for (row, label) in labels.enumerated() { targets[row * classes + label] = 1 }
        return lossAndGradient(logits: logits, targets: targets, rows: rows)
    }

    /// The mean loss and its gradient with respect to the logits, for target distributions.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func lossAndGradient<T: ReferenceScalar>(logits: [T], targets: [T],
                                                            rows: Int) -> (loss: Double, gradient: [T]) {
        precondition(rows > 0 && logits.count % rows == 0 && targets.count == logits.count,
                     "\(logits.count) logits and \(targets.count) targets for \(rows) rows")
        let classes = logits.count / rows
        var gradient = [T](repeating: 0, count: logits.count)
        var loss = 0.0
        for row in 0..<rows {
            let z = (0..<classes).map { Double(logits[row * classes + $0]) }
            let t = (0..<classes).map { Double(targets[row * classes + $0]) }
            // log softmax with the maximum shifted out, so exp never overflows.
            let top = z.max()!
            let exps = z.map { exp($0 - top) }
            let total = exps.reduce(0, +), mass = t.reduce(0, +)
            for k in 0..<classes {
                loss -= t[k] * (z[k] - top - log(total))
                gradient[row * classes + k] = T((exps[k] / total * mass - t[k]) / Double(rows))
            }
        }
        return (loss / Double(rows), gradient)
    }
}
