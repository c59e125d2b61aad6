import BiT
import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import Float64Reference

/// The float64 reference network, against finite differences: what the engine's float32
/// gradients are then compared with (BiTTests).
@Suite struct ReferenceResNetV2Tests {
    /// Root 32 channels, two units ([1, 1]): GroupNorms of 32 groups with one channel
    /// (block 1's middle), two, four and eight channels per group.
    static let miniature = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)

    /// The two-unit network end to end in float64: root conv, pad, max pool, two units,
    /// final GroupNorm, ReLU, pooling, head and softmax cross-entropy, on odd image sizes.
    /// Every parameter tensor is checked at a few seeded positions (all of the head bias).
    /// A step of 1e-5 keeps rounding noise (~1e-11) far below the smallest gradients
    /// (~5e-5, deep kernels), while no ReLU or max-pool decision flips.
    @Test func gradientsMatchFiniteDifferencesEndToEnd() throws {
        let model = try ReferenceResNetV2<Double>(architecture: Self.miniature, headClasses: 3, seed: 7)
        let (batch, height, width) = (2, 13, 11)
        let images = FiniteDifferences.random(batch * height * width * 3, seed: 8).map { ($0 + 1) / 2 }
        let labels = [2, 0]
        model.lossAndGradients(images: images, batch: batch, height: height, width: width, labels: labels)
        var generator = SeededGenerator(seed: 9)
        var worst = 0.0
        for parameter in model.parameters {
            let analytic = parameter.gradient
            let indices = parameter.count <= 3 ? Array(0..<parameter.count)
                : (0..<3).map { _ in generator.nextInt(below: parameter.count) }
            let original = parameter.value
            let numeric = FiniteDifferences.gradient(of: { values in
                parameter.value = values
                let logits = model.forward(images: images, batch: batch, height: height, width: width).logits
                return ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).loss
            }, at: original, indices: indices, step: 1e-5)
            parameter.value = original
            let error = FiniteDifferences.relativeError(indices.map { analytic[$0] }, numeric)
            #expect(error < 1e-6, "\(parameter.key): analytic \(indices.map { analytic[$0] }), numeric \(numeric)")
            #expect(numeric.contains { $0 != 0 }, "\(parameter.key) has no gradient at \(indices)")
            worst = max(worst, error)
        }
        #expect(worst < 1e-6)
    }

    @Test func backwardAccumulatesUntilZeroed() throws {
        let model = try ReferenceResNetV2<Double>(architecture: Self.miniature, headClasses: 2, seed: 10)
        let images = FiniteDifferences.random(1 * 9 * 9 * 3, seed: 11).map { ($0 + 1) / 2 }
        model.lossAndGradients(images: images, batch: 1, height: 9, width: 9, labels: [1])
        let once = model.parameters.map(\.gradient)
        let logits = model.forward(images: images, batch: 1, height: 9, width: 9).logits
        model.backward(logitsGradient: ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [1]).gradient)
        for (parameter, single) in zip(model.parameters, once) {
            #expect(FiniteDifferences.relativeError(parameter.gradient, single.map { 2 * $0 }) < 1e-12)
        }
        model.zeroGradients()
        #expect(model.parameters.allSatisfy { $0.gradient.allSatisfy { $0 == 0 } })
    }

    @Test func forwardEqualsTheInferenceModel() throws {
        let published = ResNetV2Architecture(blockUnits: [1, 1], widthFactor: 1)
        let arrays = published.randomArrays(headClasses: 5, seed: 3)
        let inference = try ResNetV2(parameters: arrays)
        let values = FiniteDifferences.random(2 * 19 * 17 * 3, seed: 4).map { Float($0 + 1) / 2 }
        let images = Tensor(shape: [2, 19, 17, 3], scalars: values)
        let expected = try #require(inference.logits(images)).scalars.map(Double.init)
        let model = try ReferenceResNetV2<Double>(architecture: published, headClasses: 5, parameters: arrays)
        #expect(FiniteDifferences.relativeError(model.forward(images).logits, expected) < 1e-5)
    }
}

/// The reference network on the bit-tiny reference checkpoint ([1, 1, 1, 1], width 1)
/// reproduces the PyTorch reference logits.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct ReferenceResNetV2FixtureTests {
    @Test func logitsMatchTheReference() throws {
        let arrays = try NumPyArchive.read(from: SharedFixtures.bitTiny.appendingPathComponent("weights.npz"))
        let architecture = ResNetV2Architecture(blockUnits: [1, 1, 1, 1], widthFactor: 1)
        let model = try ReferenceResNetV2<Double>(architecture: architecture, headClasses: 5, parameters: arrays)
        let inputs = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("inputs.npy"))
        let expected = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("expected_logits.npy"))
        let output = model.forward(inputs)
        #expect(FiniteDifferences.relativeError(output.logits, expected.scalars.map(Double.init)) < 1e-5)
    }
}
