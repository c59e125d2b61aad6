// Shape legend: N examples, D feature width, C classes.

import Foundation
import Tensors

/// A linear probe: how well a frozen backbone's features separate classes, measured by training
/// a zero-initialised dense head on the features of some examples and counting what it gets
/// right on the others.
///
/// The head is trained by `TransferTrainer`, the transfer lessons' own head training, for the
/// configuration's fixed number of steps: no early stopping and no restored epoch, because both
/// would choose the head by the held-out examples the probe is then measured on. Features may be
/// standardized with the training rows' statistics only (`FeatureStandardization`).
public struct LinearProbe: Sendable {
    /// The head training; `earlyStoppingPatience` must be nil.
    public let configuration: TrainingConfiguration
    /// Whether the head sees standardized features.
    public let standardizesFeatures: Bool

    /// A probe; throws when the configuration stops early.
    public init(configuration: TrainingConfiguration, standardizesFeatures: Bool) throws {
        guard configuration.earlyStoppingPatience == nil else {
            throw TrainingError.invalidConfiguration(
                "a linear probe trains for a fixed number of steps: early stopping would choose the head by the "
                    + "held-out examples it is measured on; set earlyStoppingPatience to nil")
        }
        self.configuration = configuration
        self.standardizesFeatures = standardizesFeatures
    }

    /// What one probe measured on its held-out examples, with the head of its last step.
    public struct Result: Codable, Equatable, Sendable {
        /// Held-out examples classified correctly.
        public var correct: Int
        /// Held-out examples.
        public var heldOut: Int
        /// Their mean softmax cross-entropy.
        public var loss: Double
        /// The accuracy on the training examples in the last epoch (as the trainer reports it).
        public var trainAccuracy: Double
        /// Optimizer steps taken.
        public var steps: Int

        public init(correct: Int, heldOut: Int, loss: Double, trainAccuracy: Double, steps: Int) {
            self.correct = correct
            self.heldOut = heldOut
            self.loss = loss
            self.trainAccuracy = trainAccuracy
            self.steps = steps
        }

        /// `correct / heldOut`.
        public var accuracy: Double { Double(correct) / Double(max(1, heldOut)) }
    }

    /// Trains on rows `train` of `features` [N, D] and measures on rows `heldOut`; `labels` holds
    /// the class of every row. The two sets of rows must be disjoint and non-empty.
    public func run(features: Tensor, labels: [Int], classCount: Int, train: [Int], heldOut: [Int],
                    checkCancellation: () throws -> Void = {}) throws -> Result {
        guard features.rank == 2, features.shape[0] == labels.count, features.shape[1] > 0 else {
            throw TrainingError.shapeMismatch(what: "probe features", expected: [labels.count, -1],
                                              actual: features.shape)
        }
        let rows = 0..<labels.count
        guard !train.isEmpty, !heldOut.isEmpty, (train + heldOut).allSatisfy(rows.contains) else {
            throw TrainingError.invalidConfiguration(
                "a probe needs training and held-out rows among the \(labels.count) examples "
                    + "(got \(train.count) and \(heldOut.count))")
        }
        guard Set(train).isDisjoint(with: heldOut) else {
            throw TrainingError.invalidConfiguration("a probe's held-out rows must not be training rows")
        }
        // Standardized once with the training rows' statistics, not per batch.
        var trainRows = Self.rows(train, of: features), heldOutRows = Self.rows(heldOut, of: features)
        if standardizesFeatures {
            let standardization = try FeatureStandardization(features: trainRows)
            trainRows = standardization.apply(trainRows)
            heldOutRows = standardization.apply(heldOutRows)
        }
        func source(_ matrix: Tensor) -> FeatureSource {
            FeatureSource(mode: .faithful, computeBatchSize: max(1, matrix.shape[0])) { items in
                Self.rows(items.map(\.image), of: matrix)
            }
        }
        let heldOutSource = source(heldOutRows)
        let trained = try TransferTrainer(configuration: configuration).train(
            trainLabels: train.map { labels[$0] }, validationLabels: heldOut.map { labels[$0] },
            classCount: classCount, trainFeatures: source(trainRows), validationFeatures: heldOutSource,
            checkCancellation: checkCancellation)
        // The head of the last step on every held-out example.
        let heldOutLabels = heldOut.map { labels[$0] }
        let logits = try trained.head.logits(heldOutRows)
        let predicted = ClassificationMetrics.predictions(logits)
        return Result(correct: zip(predicted, heldOutLabels).filter { $0 == $1 }.count, heldOut: heldOut.count,
                      loss: SoftmaxCrossEntropy.lossAndGradient(logits: logits.scalars, labels: heldOutLabels).loss,
                      trainAccuracy: trained.history.epochs.last?.trainAccuracy ?? 0, steps: trained.steps)
    }

    /// Rows `indices` of `features` [N, D], in order.
    static func rows(_ indices: [Int], of features: Tensor) -> Tensor {
        let width = features.shape[1]
        var scalars: [Float] = []
        scalars.reserveCapacity(indices.count * width)
        for row in indices { scalars += features.scalars[row * width ..< (row + 1) * width] }
        return Tensor(shape: [indices.count, width], scalars: scalars)
    }
}
