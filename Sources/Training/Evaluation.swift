import Foundation
import Tensors

/// One validation image the head got wrong.
public struct Misclassification: Codable, Equatable, Sendable {
    /// The image's index in the evaluated split.
    public var index: Int
    /// The image's name or path, when the caller gave names.
    public var name: String?
    /// The true class.
    public var trueClass: Int
    /// The predicted class (argmax).
    public var predictedClass: Int
    /// The softmax probability of the predicted class.
    public var confidence: Double
}

/// Precision, recall and F1 of one class (0 where the ratio is 0/0, as scikit-learn reports).
public struct ClassMetrics: Codable, Equatable, Sendable {
    public var name: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// The number of true examples of the class.
    public var support: Int
}

/// A classifier's numbers on a labelled set: accuracy, loss, per-class metrics, the confusion
/// matrix and the misclassified examples.
public struct Evaluation: Codable, Equatable, Sendable {
    /// The class names, in label order.
    public var classNames: [String]
    /// Correct predictions over all examples.
    public var accuracy: Double
    /// The mean softmax cross-entropy.
    public var loss: Double
    /// `confusion[true][predicted]` counts.
    public var confusion: [[Int]]
    /// Per-class precision, recall and F1, in label order.
    public var perClass: [ClassMetrics]
    /// The unweighted mean F1 over classes.
    public var macroF1: Double
    /// Every misclassified example, in index order.
    public var misclassified: [Misclassification]
    /// The epoch whose head was evaluated, if early stopping restored one.
    public var restoredEpoch: Int?

    /// Evaluates `logits` [N, C] against `labels`; `names` (optional) name the N examples.
    public init(logits: Tensor, labels: [Int], classNames: [String], names: [String]? = nil,
                restoredEpoch: Int? = nil) throws {
        let c = classNames.count
        guard logits.rank == 2, logits.shape == [labels.count, c], names == nil || names?.count == labels.count else {
            throw TrainingError.shapeMismatch(what: "evaluation logits", expected: [labels.count, c], actual: logits.shape)
        }
        let predicted = ClassificationMetrics.predictions(logits)
        let probabilities = ClassificationMetrics.softmax(logits)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: c), count: c)
        var misclassified: [Misclassification] = []
        for (index, label) in labels.enumerated() {
            guard (0..<c).contains(label) else { throw TrainingError.labelOutOfRange(label: label, classCount: c) }
            let guess = predicted[index]
            confusion[label][guess] += 1
            if guess != label {
                misclassified.append(Misclassification(
                    index: index, name: names?[index], trueClass: label, predictedClass: guess,
                    confidence: Double(probabilities.scalars[index * c + guess])))
            }
        }
        self.classNames = classNames
        self.confusion = confusion
        self.misclassified = misclassified
        accuracy = labels.isEmpty ? 0 : Double(labels.count - misclassified.count) / Double(labels.count)
        loss = labels.isEmpty ? 0 : SoftmaxCrossEntropy.lossAndGradient(logits: logits.scalars, labels: labels).loss
        perClass = Self.classMetrics(confusion: confusion, classNames: classNames)
        macroF1 = perClass.isEmpty ? 0 : perClass.map(\.f1).reduce(0, +) / Double(perClass.count)
        self.restoredEpoch = restoredEpoch
    }

    /// Precision = TP / predicted, recall = TP / true, F1 = their harmonic mean.
    static func classMetrics(confusion: [[Int]], classNames: [String]) -> [ClassMetrics] {
        classNames.indices.map { k in
            let truePositives = Double(confusion[k][k])
            let predictedCount = Double(confusion.map { $0[k] }.reduce(0, +))
            let support = confusion[k].reduce(0, +)
            let precision = predictedCount > 0 ? truePositives / predictedCount : 0
            let recall = support > 0 ? truePositives / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassMetrics(name: classNames[k], precision: precision, recall: recall, f1: f1, support: support)
        }
    }

    /// Writes `metrics.json` (pretty, sorted keys) atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw TrainingError.writing(url, failedWith: error)
        }
    }

    /// Reads a `metrics.json` written by `write(to:)`.
    public static func read(from url: URL) throws -> Evaluation {
        do {
            return try JSONDecoder().decode(Evaluation.self, from: Data(contentsOf: url))
        } catch {
            throw TrainingError.unreadableFile(path: url.path, reason: "\(error)")
        }
    }
}
