import BiT
import Float64Reference
import Foundation
import NetworkTraining
import Tensors
import TestSupport
import Testing
import Training

/// Evaluation runs the trained model itself, without a gradient and without copying its
/// parameters into another model.
@Suite struct NetworkEvaluationTests {
    /// Two blocks of one unit, 32 root channels, three classes.
    static let architecture = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)

    /// Six labelled images of 20x18 drawn from `seed`.
    static func batch(seed: UInt64) -> LabelledBatch {
        let values = FiniteDifferences.random(6 * 20 * 18 * 3, seed: seed).map { Float($0 + 1) / 2 }
        return LabelledBatch(images: Tensor(shape: [6, 20, 18, 3], scalars: values), labels: [0, 1, 2, 2, 1, 0])
    }

    /// The examples `range` of `batch`.
    static func slice(_ batch: LabelledBatch, _ range: Range<Int>) -> LabelledBatch {
        let perImage = batch.images.count / batch.labels.count
        var shape = batch.images.shape
        shape[0] = range.count
        let scalars = Array(batch.images.scalars[(range.lowerBound * perImage)..<(range.upperBound * perImage)])
        return LabelledBatch(images: Tensor(shape: shape, scalars: scalars), labels: Array(batch.labels[range]))
    }

    /// A model after three SGD steps: its kernels' standardized copies from before the steps
    /// are stale.
    static func trainedModel() throws -> ResNetV2 {
        let model = try ResNetV2(architecture: architecture, headClasses: 3, seed: 5)
        let training = batch(seed: 1), optimizer = SGD(momentum: 0.9, weightDecay: 1e-4)
        _ = model.logits(training.images)
        for _ in 0..<3 {
            model.trainStep(images: training.images, labels: training.labels, learningRate: 0.1, optimizer: optimizer)
        }
        return model
    }

    static func evaluate(_ model: ResNetV2, _ held: LabelledBatch) throws -> NetworkEvaluation {
        try NetworkEvaluation.measure(model, count: 6, batchSize: 4) { slice(held, $0) }
    }

    /// The loss and predictions of the float64 reference network with the model's current
    /// parameters, and its logits agree with the pass without a gradient and the gradient pass.
    @Test func evaluationOfATrainedModelMatchesTheFloat64Reference() throws {
        let model = try Self.trainedModel()
        let held = Self.batch(seed: 2)
        let evaluation = try Self.evaluate(model, held)

        let reference = try ReferenceResNetV2<Double>(architecture: Self.architecture, headClasses: 3,
                                                      parameters: model.parameterArrays())
        let exact = reference.forward(held.images).logits
        var exactLoss = 0.0, exactPredictions: [Int] = []
        for (row, label) in held.labels.enumerated() {
            let logits = Array(exact[(row * 3)..<(row * 3 + 3)])
            let largest = logits.max()!
            exactLoss += log(logits.map { exp($0 - largest) }.reduce(0, +)) + largest - logits[label]
            exactPredictions.append(logits.firstIndex(of: largest)!)
        }
        exactLoss /= 6
        #expect(abs(evaluation.loss - exactLoss) < 1e-5 * exactLoss, "\(evaluation.loss) against \(exactLoss)")
        #expect(evaluation.predictions == exactPredictions)
        #expect(evaluation.accuracy == Double(zip(exactPredictions, held.labels).filter { $0 == $1 }.count) / 6)

        let inferred = try #require(model.logits(held.images)).scalars.map(Double.init)
        #expect(FiniteDifferences.relativeError(inferred, exact) < 1e-5)
        let gradientPass = model.forward(held.images).logits.map(Double.init)
        #expect(FiniteDifferences.relativeError(inferred, gradientPass) < 1e-5)
    }

    /// Bit for bit what evaluating a copy of the parameters in a new model gave (the way
    /// fine-tuning used to evaluate), and the model's workspace is given back afterwards.
    @Test func evaluationWithoutACopyEqualsEvaluatingACopy() throws {
        let model = try Self.trainedModel()
        let held = Self.batch(seed: 3)
        let copy = try ResNetV2(parameters: model.parameterArrays(), architecture: Self.architecture)
        let evaluation = try Self.evaluate(model, held)
        #expect(evaluation == (try Self.evaluate(copy, held)))
        #expect(model.workspaceBytes < 1 << 20)
        // Evaluating leaves the parameters alone.
        #expect(model.parameters.map(\.value) == copy.parameters.map(\.value))
    }
}
