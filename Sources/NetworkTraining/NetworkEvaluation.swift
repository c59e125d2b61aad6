import BiT
import Foundation
import Tensors
import Training

/// A model's mean softmax cross-entropy, accuracy and predictions on a labelled set.
public struct NetworkEvaluation: Equatable {
    public var loss: Double
    public var accuracy: Double
    /// The predicted class of each example, in order.
    public var predictions: [Int]

    public init(loss: Double, accuracy: Double, predictions: [Int]) {
        self.loss = loss
        self.accuracy = accuracy
        self.predictions = predictions
    }

    /// Runs `model` (which must have a head) over `count` examples in batches of `batchSize`;
    /// `batch(range)` gives the images and labels of the examples in `range`. The model runs
    /// itself without a gradient, on its current parameters: nothing is copied, nothing is kept
    /// for a backward pass, and the pass's workspace is given back at the end.
    public static func measure(_ model: ResNetV2, count: Int, batchSize: Int,
                               batch: (Range<Int>) throws -> LabelledBatch) throws -> NetworkEvaluation {
        precondition(model.headClasses > 0, "evaluating a model without a head")
        defer { model.releaseWorkspace() }
        return try measure(classes: model.headClasses, count: count, batchSize: batchSize, batch: batch) {
            model.logits($0)!.scalars
        }
    }

    /// Runs `logits` ([N, H, W, 3] images → [N, classes] values) over the examples.
    static func measure(classes: Int, count: Int, batchSize: Int, batch: (Range<Int>) throws -> LabelledBatch,
                        logits: (Tensor) throws -> [Float]) throws -> NetworkEvaluation {
        precondition(count > 0 && batchSize > 0, "evaluate at least one example in batches of at least one")
        var lossSum = 0.0
        var predictions: [Int] = []
        var labels: [Int] = []
        for start in stride(from: 0, to: count, by: batchSize) {
            let part = try batch(start ..< min(count, start + batchSize))
            let values = try logits(part.images)
            precondition(values.count == part.labels.count * classes, "\(values.count) logits for \(part.labels.count) examples")
            lossSum += SoftmaxCrossEntropy.lossAndGradient(logits: values, labels: part.labels).loss
                * Double(part.labels.count)
            predictions += ClassificationMetrics.predictions(values, classes: classes)
            labels += part.labels
        }
        let correct = zip(predictions, labels).filter { $0 == $1 }.count
        return NetworkEvaluation(loss: lossSum / Double(count), accuracy: Double(correct) / Double(count),
                                 predictions: predictions)
    }
}
