import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import BiT

@Suite struct TrainableResNetV2Tests {
    /// Root 32 channels, two units ([1, 1]): GroupNorms of 32 groups with one channel
    /// (block 1's middle), two, four and eight channels per group.
    static let miniature = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
    /// The smallest published-width network: loadable by the inference `ResNetV2`.
    static let smallestPublished = ResNetV2Architecture(ResNetV2Config(blockUnits: [1, 1], widthFactor: 1))

    static func images(batch: Int, height: Int, width: Int, seed: UInt64) -> Tensor {
        let values = FiniteDifferences.random(batch * height * width * 3, seed: seed).map { Float($0 + 1) / 2 }
        return Tensor(shape: [batch, height, width, 3], scalars: values)
    }

    @Test func forwardEqualsTheInferenceModel() throws {
        let arrays = Self.smallestPublished.randomArrays(headClasses: 5, seed: 3)
        let inference = try ResNetV2(parameters: arrays)
        let images = Self.images(batch: 2, height: 19, width: 17, seed: 4)
        let expectedFeatures = inference.features(images).scalars.map(Double.init)
        let expectedLogits = try #require(inference.logits(images)).scalars.map(Double.init)
        let exact = try TrainableResNetV2<Double>(architecture: Self.smallestPublished, headClasses: 5, parameters: arrays)
        let single = try TrainableResNetV2<Float>(architecture: Self.smallestPublished, headClasses: 5, parameters: arrays)
        let exactOutput = exact.forward(images), singleOutput = single.forward(images)
        #expect(FiniteDifferences.relativeError(exactOutput.features, expectedFeatures) < 1e-5)
        #expect(FiniteDifferences.relativeError(exactOutput.logits, expectedLogits) < 1e-5)
        #expect(FiniteDifferences.relativeError(singleOutput.features.map(Double.init), expectedFeatures) < 1e-5)
        #expect(FiniteDifferences.relativeError(singleOutput.logits.map(Double.init), expectedLogits) < 1e-5)
        #expect(single.predict(images).logits == singleOutput.logits)
    }

    @Test func parametersRoundTripThroughANumPyArchiveIntoTheInferenceModel() throws {
        let model = try TrainableResNetV2<Float>(architecture: Self.smallestPublished, headClasses: 4, seed: 5)
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 6)
        model.trainStep(images: images, labels: [1, 3], learningRate: 0.05, momentum: 0.9)
        let directory = SharedFixtures.temporaryDirectory("trainable-resnet")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trained.npz")
        try NumPyArchive.write(model.parameterArrays(), to: file)
        let loaded = try ResNetV2(checkpoint: file)
        #expect(loaded.config == ResNetV2Config(blockUnits: [1, 1], widthFactor: 1))
        let trained = model.forward(images).logits.map(Double.init)
        let inference = try #require(loaded.logits(images)).scalars.map(Double.init)
        #expect(FiniteDifferences.relativeError(trained, inference) < 1e-5)
        #expect(try model.inferenceModel().logits(images) == loaded.logits(images))
    }

    @Test func aMiniatureOf32RootChannelsLoadsIntoTheInferenceModel() throws {
        let model = try TrainableResNetV2<Float>(architecture: Self.miniature, headClasses: 3, seed: 21)
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 22)
        model.trainStep(images: images, labels: [0, 2], learningRate: 0.05, momentum: 0.9)
        let directory = SharedFixtures.temporaryDirectory("trainable-miniature")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("miniature.npz")
        try NumPyArchive.write(model.parameterArrays(), to: file)
        let loaded = try ResNetV2(checkpoint: file)
        #expect(loaded.config == ResNetV2Config(blockUnits: [1, 1], rootChannels: 32))
        #expect(loaded.config.description == "ResNetV2(blockUnits: [1, 1], rootChannels: 32)")
        let trained = model.forward(images).logits.map(Double.init)
        let inference = try #require(loaded.logits(images)).scalars.map(Double.init)
        #expect(FiniteDifferences.relativeError(trained, inference) < 1e-5)
        #expect(try model.inferenceModel().logits(images) == loaded.logits(images))
    }

    @Test func zeroHeadForTransfer() throws {
        let pretrained = Self.miniature.randomArrays(headClasses: 10, seed: 14)
        let transfer = Self.miniature.replacingHead(of: pretrained, classes: 5)
        let model = try TrainableResNetV2<Float>(architecture: Self.miniature, headClasses: 5, parameters: transfer)
        #expect(model[BiTCheckpoint.headKernelKey]!.shape == [1, 1, 256, 5])
        #expect(model[BiTCheckpoint.headKernelKey]!.value.allSatisfy { $0 == 0 })
        #expect(model[BiTCheckpoint.rootKernelKey]!.value == pretrained[BiTCheckpoint.rootKernelKey]!.scalars)
        // A zero head gives uniform predictions.
        let logits = model.forward(Self.images(batch: 1, height: 16, width: 16, seed: 15)).logits
        #expect(logits == [Float](repeating: 0, count: 5))
    }

    @Test func otherGroupCountsHaveNoInferenceModel() throws {
        // 48 root channels in 16 groups: trainable, but not BiT's 32 groups.
        let odd = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 48, groups: 16)
        let model = try TrainableResNetV2<Float>(architecture: odd, headClasses: 2)
        #expect(throws: CheckpointError.self) { try model.inferenceModel() }
        #expect(model.parameterCount == odd.layout(headClasses: 2).reduce(0) { $0 + $1.shape.reduce(1, *) })
    }

    @Test func rejectsMissingAndMisshapenParameters() {
        var arrays = Self.miniature.randomArrays(headClasses: 2)
        arrays[BiTCheckpoint.finalBetaKey] = nil
        #expect(throws: CheckpointError.missingKey(BiTCheckpoint.finalBetaKey, expected: [256], source: "test")) {
            try TrainableResNetV2<Float>(architecture: Self.miniature, headClasses: 2, parameters: arrays, source: "test")
        }
        arrays[BiTCheckpoint.finalBetaKey] = Tensor(zeros: [255])
        #expect(throws: CheckpointError.self) {
            try TrainableResNetV2<Float>(architecture: Self.miniature, headClasses: 2, parameters: arrays)
        }
    }

    /// The two-unit network end to end in float64: root conv, pad, max pool, two units,
    /// final GroupNorm, ReLU, pooling, head and softmax cross-entropy, on odd image sizes.
    /// Every parameter tensor is checked at a few seeded positions (all of the head bias).
    /// A step of 1e-5 keeps rounding noise (~1e-11) far below the smallest gradients
    /// (~5e-5, deep kernels), while no ReLU or max-pool decision flips.
    @Test func gradientsMatchFiniteDifferencesEndToEnd() throws {
        let model = try TrainableResNetV2<Double>(architecture: Self.miniature, headClasses: 3, seed: 7)
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
                return TrainableSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: labels).loss
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
        let model = try TrainableResNetV2<Double>(architecture: Self.miniature, headClasses: 2, seed: 10)
        let images = FiniteDifferences.random(1 * 9 * 9 * 3, seed: 11).map { ($0 + 1) / 2 }
        model.lossAndGradients(images: images, batch: 1, height: 9, width: 9, labels: [1])
        let once = model.parameters.map(\.gradient)
        let logits = model.forward(images: images, batch: 1, height: 9, width: 9).logits
        model.backward(logitsGradient: TrainableSoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [1]).gradient)
        for (parameter, single) in zip(model.parameters, once) {
            #expect(FiniteDifferences.relativeError(parameter.gradient, single.map { 2 * $0 }) < 1e-12)
        }
        model.zeroGradients()
        #expect(model.parameters.allSatisfy { $0.gradient.allSatisfy { $0 == 0 } })
    }

    @Test func sgdStepsReduceTheLoss() throws {
        let model = try TrainableResNetV2<Float>(architecture: Self.miniature, headClasses: 3, seed: 12)
        let images = Self.images(batch: 6, height: 16, width: 16, seed: 13)
        let labels = [0, 1, 2, 0, 1, 2]
        let rootBefore = model[BiTCheckpoint.rootKernelKey]!.value
        let first = model.trainStep(images: images, labels: labels, learningRate: 0.05, momentum: 0.9).loss
        // First step from zero velocity: w ← w − lr·g.
        let root = model[BiTCheckpoint.rootKernelKey]!
        let expected = zip(rootBefore, root.gradient).map { Double($0 - 0.05 * $1) }
        #expect(FiniteDifferences.relativeError(root.value.map(Double.init), expected) < 1e-6)
        var losses = [first]
        for _ in 0..<5 { losses.append(model.trainStep(images: images, labels: labels, learningRate: 0.05, momentum: 0.9).loss) }
        let final = model.lossAndGradients(images: TrainableArithmetic.converted(images.scalars, to: Float.self),
                                           batch: 6, height: 16, width: 16, labels: labels)
        #expect(final.loss < 0.5 * first, "losses \(losses), then \(final.loss)")
        // The batch is learnt: every image is classified as labelled.
        let predictions = (0..<6).map { row in (0..<3).max { final.logits[row * 3 + $0] < final.logits[row * 3 + $1] }! }
        #expect(predictions == labels)
    }

    @Test func softTargetsAndWeightDecay() throws {
        let model = try TrainableResNetV2<Double>(architecture: Self.miniature, headClasses: 2, seed: 16)
        let images = FiniteDifferences.random(2 * 9 * 9 * 3, seed: 17).map { ($0 + 1) / 2 }
        let hard = model.lossAndGradients(images: images, batch: 2, height: 9, width: 9, labels: [1, 0])
        let hardGradients = model.parameters.map(\.gradient)
        let soft = model.lossAndGradients(images: images, batch: 2, height: 9, width: 9, targets: [0, 1, 1, 0])
        #expect(soft.loss == hard.loss)
        #expect(model.parameters.map(\.gradient) == hardGradients)
        // With zero gradients, one step with weight decay shrinks kernels only: w ← w·(1 − lr·λ).
        model.zeroGradients()
        let root = model[BiTCheckpoint.rootKernelKey]!, gamma = model[BiTCheckpoint.finalGammaKey]!
        let (rootBefore, gammaBefore) = (root.value, gamma.value)
        model.applySGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        #expect(FiniteDifferences.relativeError(root.value, rootBefore.map { $0 * 0.999 }) < 1e-15)
        #expect(gamma.value == gammaBefore)
    }
}

/// The trainable model on the bit-tiny reference checkpoint ([1, 1, 1, 1], width 1)
/// reproduces the PyTorch reference logits.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct TrainableResNetV2FixtureTests {
    @Test func logitsMatchTheReference() throws {
        let arrays = try NumPyArchive.read(from: SharedFixtures.bitTiny.appendingPathComponent("weights.npz"))
        let architecture = ResNetV2Architecture(ResNetV2Config(blockUnits: [1, 1, 1, 1], widthFactor: 1))
        let model = try TrainableResNetV2<Double>(architecture: architecture, headClasses: 5, parameters: arrays)
        let inputs = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("inputs.npy"))
        let expected = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("expected_logits.npy"))
        let output = model.forward(inputs)
        #expect(FiniteDifferences.relativeError(output.logits, expected.scalars.map(Double.init)) < 1e-5)
    }
}
