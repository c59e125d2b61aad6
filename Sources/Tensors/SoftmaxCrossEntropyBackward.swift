import Foundation

// Shape legend: logits z [N, K] (K classes), labels [N] in 0..<K.

/// Softmax cross-entropy, averaged over the batch, for training the whole network:
/// L = −(1/N)·Σₙ log softmax(zₙ)[labelₙ];  ∂L/∂zₙ = (softmax(zₙ) − onehot(labelₙ)) / N.
/// (The head-only trainer has its own float version in the Training module.)
public enum TrainableSoftmaxCrossEntropy {
    /// The mean loss and its gradient with respect to the logits.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func lossAndGradient<T: TrainableScalar>(logits: [T], labels: [Int]) -> (loss: Double, gradient: [T]) {
        let rows = labels.count
        precondition(rows > 0 && logits.count % rows == 0, "\(logits.count) logits for \(rows) labels")
        let classes = logits.count / rows
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "a label outside 0..<\(classes)")
        var gradient = [T](repeating: 0, count: logits.count)
        var loss = 0.0
        for row in 0..<rows {
            let z = (0..<classes).map { Double(logits[row * classes + $0]) }
            // Shift by the maximum so exp never overflows.
            let top = z.max()!
            let exps = z.map { exp($0 - top) }
            let total = exps.reduce(0, +)
            loss += log(total) - (z[labels[row]] - top)
            for k in 0..<classes {
                let target = k == labels[row] ? 1.0 : 0.0
                gradient[row * classes + k] = T((exps[k] / total - target) / Double(rows))
            }
        }
        return (loss / Double(rows), gradient)
    }
}
