import Foundation

// Shape legend: logits z [N, K] (N rows, K classes); labels [N] in 0..<K, or targets t
// [N, K] (rows of probabilities, e.g. MixUp blends of one-hot labels).

/// Softmax cross-entropy computed from logits, as Keras'
/// `SparseCategoricalCrossentropy(from_logits=True)` with its default reduction
/// ("sum over batch size"): L = −(1/N)·Σₙ Σₖ tₙₖ·log softmax(zₙ)ₖ, and its gradient
/// ∂L/∂zₙ = (softmax(zₙ) − tₙ) / N. Hard labels are one-hot targets.
///
/// The per-row arithmetic runs in `Double` with the log-sum-exp shift
/// (`log Σ exp(z) = m + log Σ exp(z - m)`, m = max z), so large logits never overflow.
public enum SoftmaxCrossEntropy {
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

    /// The mean loss and its gradient for float logits and class indices (each in 0..<K).
    public static func lossAndGradient(logits: [Float], labels: [Int]) -> (loss: Double, gradient: [Float]) {
        let rows = labels.count
        precondition(rows > 0 && logits.count % rows == 0, "\(logits.count) logits for \(rows) labels")
        let classes = logits.count / rows
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "a label outside 0..<\(classes)")
        var targets = [Double](repeating: 0, count: logits.count)
        for (row, label) in labels.enumerated() { targets[row * classes + label] = 1 }
        let result = lossAndGradient(logits: logits.map(Double.init), targets: targets, rows: rows, classes: classes)
        return (result.loss, result.gradient.map(Float.init))
    }

    /// The mean loss and its gradient for float logits and target rows.
    public static func lossAndGradient(logits: [Float], targets: [Float], rows: Int) -> (loss: Double, gradient: [Float]) {
        precondition(rows > 0 && logits.count % rows == 0 && targets.count == logits.count,
                     "\(logits.count) logits and \(targets.count) targets for \(rows) rows")
        let result = lossAndGradient(logits: logits.map(Double.init), targets: targets.map(Double.init), rows: rows,
                                     classes: logits.count / rows)
        return (result.loss, result.gradient.map(Float.init))
    }

    /// log Σ exp(values), shifted by the maximum.
    public static func logSumExp(_ values: ArraySlice<Double>) -> Double {
        guard let maximum = values.max(), maximum.isFinite else { return values.max() ?? -.infinity }
        return maximum + log(values.reduce(0) { $0 + exp($1 - maximum) })
    }
}
