import Float64Reference
import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import BiT

/// The model with a gradient: its forward pass against the pass without one and the float64
/// reference, its gradients, steps, checkpoints and the standardized kernels it keeps.
@Suite struct ResNetV2TrainingTests {
    /// Root 32 channels, two units ([1, 1]): GroupNorms of 32 groups with one channel
    /// (block 1's middle), two, four and eight channels per group.
    static let miniature = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
    /// The smallest published-width network.
    static let smallestPublished = ResNetV2Architecture(blockUnits: [1, 1], widthFactor: 1)

    static func images(batch: Int, height: Int, width: Int, seed: UInt64) -> Tensor {
        let values = FiniteDifferences.random(batch * height * width * 3, seed: seed).map { Float($0 + 1) / 2 }
        return Tensor(shape: [batch, height, width, 3], scalars: values)
    }

    /// The gradient pass and the pass without a gradient of one model agree with each other
    /// and with the float64 reference.
    @Test func forwardEqualsThePassWithoutAGradient() throws {
        let arrays = Self.smallestPublished.randomArrays(headClasses: 5, seed: 3)
        let model = try ResNetV2(parameters: arrays)
        let images = Self.images(batch: 2, height: 19, width: 17, seed: 4)
        let expectedFeatures = model.features(images).scalars.map(Double.init)
        let expectedLogits = try #require(model.logits(images)).scalars.map(Double.init)
        let output = model.forward(images)
        model.releaseTape()
        #expect(FiniteDifferences.relativeError(output.features.map(Double.init), expectedFeatures) < 1e-5)
        #expect(FiniteDifferences.relativeError(output.logits.map(Double.init), expectedLogits) < 1e-5)
        let reference = try ReferenceResNetV2<Double>(architecture: Self.smallestPublished, headClasses: 5,
                                                      parameters: arrays)
        #expect(FiniteDifferences.relativeError(reference.forward(images).logits, expectedLogits) < 1e-5)
        // The same again: the kernels standardized for the first pass are reused, to the bit.
        #expect(model.logits(images)!.scalars.map(Double.init) == expectedLogits)
    }

    /// The standardized kernels kept between passes follow the parameters: after an SGD step,
    /// and after a kernel value changed by hand, the pass without a gradient gives exactly what
    /// a fresh model of the same values gives (a stale kernel would give the old step's).
    @Test func passesAfterAnUpdateUseTheUpdatedKernels() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 3, seed: 23)
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 24)
        let before = try #require(model.logits(images))
        model.trainStep(images: images, labels: [0, 2], learningRate: 0.05, optimizer: SGD(momentum: 0.9))
        let after = try #require(model.logits(images))
        #expect(after != before)
        #expect(after == (try ResNetV2(parameters: model.parameterArrays()).logits(images)))
        // Only a kernel changes here (GroupNorm and head stay): stale kernels would not notice.
        let kernel = try #require(model[BiTCheckpoint.rootKernelKey])
        let version = kernel.version
        kernel.value[0] += 0.5
        #expect(kernel.version != version)
        let edited = try #require(model.logits(images))
        #expect(edited != after)
        #expect(edited == (try ResNetV2(parameters: model.parameterArrays()).logits(images)))
        #expect(model.root.standardizedKernel
            == WeightStandardization.standardized(Tensor(shape: kernel.shape, scalars: kernel.value)))
    }

    /// A training step takes back the memory another model's idle inference workspace keeps
    /// between passes; that model grows it again on its next pass and gives the same features.
    @Test func aTrainingStepReleasesIdleInferenceWorkspaces() throws {
        let arrays = Self.smallestPublished.randomArrays(headClasses: 5, seed: 3)
        let inference = try ResNetV2(parameters: arrays)
        let images = Self.images(batch: 4, height: 96, width: 96, seed: 4)
        let model = try ResNetV2(parameters: arrays)
        // Training steps of tests running in parallel release it too, so look right after a
        // pass, and allow two such coincidences.
        var features = inference.features(images)
        var held = inference.workspaceBytes
        for _ in 0..<2 where held < 1 << 20 {
            features = inference.features(images)
            held = inference.workspaceBytes
        }
        #expect(held > 1 << 20)
        _ = model.forward(images)
        model.releaseTape()
        #expect(inference.workspaceBytes < 1 << 10)
        #expect(inference.features(images) == features)
    }

    /// Every parameter's float32 gradient against the float64 reference network's (which
    /// is checked against finite differences), on odd image sizes, a batch of three and
    /// the four group widths of the miniature.
    @Test func gradientsMatchTheFloat64Reference() throws {
        let arrays = Self.miniature.randomArrays(headClasses: 3, seed: 7)
        let model = try ResNetV2(parameters: arrays, architecture: Self.miniature)
        let reference = try ReferenceResNetV2<Double>(architecture: Self.miniature, headClasses: 3, parameters: arrays)
        let images = Self.images(batch: 3, height: 21, width: 19, seed: 8)
        let labels = [2, 0, 1]
        let result = model.lossAndGradients(images, labels: labels)
        let expected = reference.lossAndGradients(images: images.scalars.map(Double.init), batch: 3, height: 21,
                                                  width: 19, labels: labels)
        #expect(abs(result.loss - expected.loss) < 1e-5 * expected.loss)
        for (parameter, exact) in zip(model.parameters, reference.parameters) {
            #expect(parameter.key == exact.key)
            let error = FiniteDifferences.relativeError(parameter.gradient.map(Double.init), exact.gradient)
            #expect(error < 2e-4, "\(parameter.key): relative error \(error)")
        }
    }

    /// The same step twice gives the same bits: every reduction runs in a fixed order.
    @Test func trainingStepsAreReproducible() throws {
        func train() throws -> [[Float]] {
            let model = try ResNetV2(architecture: Self.miniature, headClasses: 4, seed: 17)
            let optimizer = SGD(momentum: 0.9, weightDecay: 1e-4)
            for step in 0..<2 {
                model.trainStep(images: Self.images(batch: 8, height: 24, width: 24, seed: 18 + UInt64(step)),
                                labels: [0, 1, 2, 3, 3, 2, 1, 0], learningRate: 0.05, optimizer: optimizer)
            }
            return model.parameters.map(\.value)
        }
        let first = try train()
        #expect(try train() == first)
    }

    /// A trained model written as a NumPy archive loads back, its architecture inferred from
    /// the keys and its head included, with the same values and the same logits.
    @Test(arguments: [smallestPublished, miniature])
    func parametersRoundTripThroughANumPyArchive(_ architecture: ResNetV2Architecture) throws {
        let model = try ResNetV2(architecture: architecture, headClasses: 4, seed: 5)
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 6)
        model.trainStep(images: images, labels: [1, 3], learningRate: 0.05, optimizer: SGD(momentum: 0.9))
        let directory = SharedFixtures.temporaryDirectory("resnet-round-trip-\(architecture.rootChannels)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("trained.npz")
        try NumPyArchive.write(model.parameterArrays(), to: file)
        let loaded = try ResNetV2(checkpoint: file)
        #expect(loaded.architecture == architecture && loaded.headClasses == 4)
        #expect(loaded.parameters.map(\.key) == model.parameters.map(\.key))
        #expect(loaded.parameters.map(\.value) == model.parameters.map(\.value))
        let trained = model.forward(images).logits.map(Double.init)
        let inference = try #require(loaded.logits(images)).scalars.map(Double.init)
        #expect(FiniteDifferences.relativeError(trained, inference) < 1e-5)
        #expect(model.logits(images) == loaded.logits(images))
    }

    @Test func zeroHeadForTransfer() throws {
        let pretrained = Self.miniature.randomArrays(headClasses: 10, seed: 14)
        let transfer = Self.miniature.replacingHead(of: pretrained, classes: 5)
        let model = try ResNetV2(parameters: transfer, architecture: Self.miniature, headClasses: 5)
        #expect(model[BiTCheckpoint.headKernelKey]!.shape == [1, 1, 256, 5])
        #expect(model[BiTCheckpoint.headKernelKey]!.value.allSatisfy { $0 == 0 })
        #expect(model[BiTCheckpoint.rootKernelKey]!.value == pretrained[BiTCheckpoint.rootKernelKey]!.scalars)
        // A zero head gives uniform predictions.
        let logits = model.forward(Self.images(batch: 1, height: 16, width: 16, seed: 15)).logits
        #expect(logits == [Float](repeating: 0, count: 5))
    }

    @Test func otherGroupCountsTrainAndInfer() throws {
        // 48 root channels in 16 groups, not BiT's 32.
        let odd = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 48, groups: 16)
        let model = try ResNetV2(architecture: odd, headClasses: 2)
        #expect(model.parameterCount == odd.layout(headClasses: 2).reduce(0) { $0 + $1.shape.reduce(1, *) })
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 25)
        let inferred = try #require(model.logits(images)).scalars.map(Double.init)
        let reference = try ReferenceResNetV2<Double>(architecture: odd, headClasses: 2,
                                                      parameters: model.parameterArrays())
        #expect(FiniteDifferences.relativeError(inferred, reference.forward(images).logits) < 1e-5)
        #expect(FiniteDifferences.relativeError(model.forward(images).logits.map(Double.init), inferred) < 1e-5)
    }

    @Test func theHeadIsADenseHead() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 3, seed: 26)
        let images = Self.images(batch: 2, height: 16, width: 16, seed: 27)
        let head = try #require(model.head)
        #expect(head.inputCount == 256 && head.classCount == 3)
        #expect(head.weights == model[BiTCheckpoint.headKernelKey]!.value)
        #expect(try head.logits(model.features(images)) == model.logits(images))
        var trained = head
        trained.bias = [1, -1, 0.5]
        model.setHead(trained)
        #expect(model.head == trained && model.parameters.last!.value == [1, -1, 0.5])
        #expect(model.parameters.count == Self.miniature.layout(headClasses: 3).count)
        model.setHead(nil)
        #expect(model.head == nil && model.logits(images) == nil && model.headClasses == 0)
        #expect(model.parameters.count == Self.miniature.layout(headClasses: nil).count)
    }

    @Test func rejectsMissingAndMisshapenParameters() {
        var arrays = Self.miniature.randomArrays(headClasses: 2)
        arrays[BiTCheckpoint.finalBetaKey] = nil
        #expect(throws: CheckpointError.missingKey(BiTCheckpoint.finalBetaKey, expected: [256], source: "test")) {
            try ResNetV2(parameters: arrays, architecture: Self.miniature, headClasses: 2, source: "test")
        }
        arrays[BiTCheckpoint.finalBetaKey] = Tensor(zeros: [255])
        #expect(throws: CheckpointError.self) {
            try ResNetV2(parameters: arrays, architecture: Self.miniature, headClasses: 2)
        }
    }

    @Test func backwardAccumulatesUntilZeroed() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 2, seed: 10)
        let images = Self.images(batch: 2, height: 9, width: 9, seed: 11)
        model.lossAndGradients(images, labels: [1, 0])
        let once = model.parameters.map(\.gradient)
        let logits = model.forward(images).logits
        model.backward(logitsGradient: SoftmaxCrossEntropy.lossAndGradient(logits: logits, labels: [1, 0]).gradient)
        for (parameter, single) in zip(model.parameters, once) {
            let doubled = single.map { 2 * Double($0) }
            #expect(FiniteDifferences.relativeError(parameter.gradient.map(Double.init), doubled) < 1e-6)
        }
        model.zeroGradients()
        #expect(model.parameters.allSatisfy { $0.gradient.allSatisfy { $0 == 0 } })
    }

    @Test func sgdStepsReduceTheLoss() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 3, seed: 12)
        let images = Self.images(batch: 6, height: 16, width: 16, seed: 13)
        let labels = [0, 1, 2, 0, 1, 2]
        let rootBefore = model[BiTCheckpoint.rootKernelKey]!.value
        let optimizer = SGD(momentum: 0.9)
        let first = model.trainStep(images: images, labels: labels, learningRate: 0.05, optimizer: optimizer).loss
        // First step from zero velocity: w ← w − lr·g.
        let root = model[BiTCheckpoint.rootKernelKey]!
        let expected = zip(rootBefore, root.gradient).map { Double($0 - 0.05 * $1) }
        #expect(FiniteDifferences.relativeError(root.value.map(Double.init), expected) < 1e-6)
        var losses = [first]
        for _ in 0..<5 { losses.append(model.trainStep(images: images, labels: labels, learningRate: 0.05, optimizer: optimizer).loss) }
        // The optimizer holds one velocity per parameter, in the model's order.
        #expect(optimizer.velocities.map(\.count) == model.parameters.map(\.count))
        let final = model.lossAndGradients(images, labels: labels)
        #expect(final.loss < 0.5 * first, "losses \(losses), then \(final.loss)")
        // The batch is learnt: every image is classified as labelled.
        let predictions = (0..<6).map { row in (0..<3).max { final.logits[row * 3 + $0] < final.logits[row * 3 + $1] }! }
        #expect(predictions == labels)
    }

    @Test func softTargetsAndWeightDecay() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 2, seed: 16)
        let images = Self.images(batch: 2, height: 9, width: 9, seed: 17)
        let hard = model.lossAndGradients(images, labels: [1, 0])
        let hardGradients = model.parameters.map(\.gradient)
        let soft = model.lossAndGradients(images, targets: [0, 1, 1, 0])
        #expect(soft.loss == hard.loss)
        #expect(model.parameters.map(\.gradient) == hardGradients)
        // With zero gradients, one step with weight decay shrinks kernels only: w ← w·(1 − lr·λ).
        model.zeroGradients()
        let root = model[BiTCheckpoint.rootKernelKey]!, gamma = model[BiTCheckpoint.finalGammaKey]!
        let (rootBefore, gammaBefore) = (root.value, gamma.value)
        SGD(momentum: 0.9, weightDecay: 0.01).update(model.parameters, learningRate: 0.1)
        #expect(FiniteDifferences.relativeError(root.value.map(Double.init), rootBefore.map { Double($0) * 0.999 }) < 1e-6)
        #expect(gamma.value == gammaBefore)
        // The roles come from the layout: kernels (and the head's) decay, GroupNorm and the bias do not.
        #expect(model.parameters.filter { $0.role.isDecayed }.map(\.key)
            == model.parameters.map(\.key).filter { $0.hasSuffix("kernel") })
    }

    @Test func theTrainingBenchmarkTimesEveryPart() throws {
        let model = try ResNetV2(architecture: Self.miniature, headClasses: 7, seed: 19)
        let report = TrainingBenchmark.run(model: model, imageSize: 32, batch: 4, repeats: 2)
        #expect(report.runSeconds.count == 2 && report.batch == 4 && report.headClasses == 7)
        #expect(abs(report.imagesPerSecond - 4 / report.secondsPerStep) < 1e-9)
        for kind in ["convolution", "groupNorm", "pooling", "weightStandardization"] {
            #expect((report.forwardSeconds[kind] ?? 0) > 0, "forward \(kind)")
            #expect((report.backwardSeconds[kind] ?? 0) > 0, "backward \(kind)")
        }
        #expect((report.backwardSeconds["optimizer"] ?? 0) > 0)
        #expect(report.peakMemoryBytes > 0)
        let json = try report.json()
        #expect(json.contains("\"images_per_second\":") && json.contains("\"backward_seconds\":"))
    }
}

/// The gradient pass on the bit-tiny reference checkpoint ([1, 1, 1, 1], width 1)
/// reproduces the PyTorch reference logits.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct ResNetV2TrainingFixtureTests {
    @Test func logitsMatchTheReference() throws {
        let model = try ResNetV2(checkpoint: SharedFixtures.bitTiny.appendingPathComponent("weights.npz"))
        let inputs = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("inputs.npy"))
        let expected = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("expected_logits.npy"))
        let output = model.forward(inputs)
        #expect(FiniteDifferences.relativeError(output.logits.map(Double.init), expected.scalars.map(Double.init)) < 1e-5)
    }
}
