import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import BiT

/// max |actual - expected| / max |expected|.
func relativeError(_ actual: Tensor, _ expected: Tensor) -> Float {
    let scale = expected.scalars.map(abs).max() ?? 0
    let difference = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
    return difference / max(scale, .leastNormalMagnitude)
}

/// The bit-tiny reference (../shared/fixtures/bit-tiny): the model must match the
/// reference implementation's activations to 2e-5 of each file's scale.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct ResNetV2FixtureTests {
    static let tolerance: Float = 2e-5

    static func fixture(_ name: String) throws -> Tensor {
        try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent(name))
    }

    /// Loaded once for the suite (reading and standardizing 8 M parameters takes a while).
    static let loaded = Result { try ResNetV2(checkpoint: SharedFixtures.bitTiny.appendingPathComponent("weights.npz")) }

    static func model() throws -> ResNetV2 { try loaded.get() }

    @Test func configurationIsInferredFromTheKeys() throws {
        let model = try Self.model()
        #expect(model.architecture == ResNetV2Architecture(blockUnits: [1, 1, 1, 1], widthFactor: 1))
        #expect(model.featureCount == 2048)
        #expect(model.head?.classCount == 5)
    }

    @Test func rootKernelIsStandardizedAtLoad() throws {
        let expected = try Self.fixture("expected_root_kernel_standardized.npy")
        let actual = try Self.model().root.standardizedKernel
        #expect(actual.shape == expected.shape)
        #expect(relativeError(actual, expected) <= Self.tolerance)
    }

    @Test func everyStageMatchesTheReference() throws {
        let model = try Self.model()
        let (stages, features) = model.trace(try Self.fixture("inputs.npy"))
        let files: [(ResNetV2.Stage, String)] = [
            (.rootConvolution, "expected_root_conv.npy"), (.root, "expected_root.npy"),
            (.block(1), "expected_block1.npy"), (.block(2), "expected_block2.npy"),
            (.block(3), "expected_block3.npy"), (.block(4), "expected_block4.npy"),
        ]
        for (stage, file) in files {
            let expected = try Self.fixture(file)
            let actual = try #require(stages[stage], "no activation for \(stage)")
            #expect(actual.shape == expected.shape, "\(file)")
            #expect(relativeError(actual, expected) <= Self.tolerance, "\(file)")
        }
        let prelogits = try Self.fixture("expected_prelogits.npy")
        #expect(features.shape == prelogits.shape)
        #expect(relativeError(features, prelogits) <= Self.tolerance)
    }

    @Test func featuresAndLogitsMatchTheReference() throws {
        let model = try Self.model()
        let inputs = try Self.fixture("inputs.npy")
        let features = model.features(inputs)
        #expect(relativeError(features, try Self.fixture("expected_prelogits.npy")) <= Self.tolerance)
        let logits = try #require(model.logits(inputs))
        let expected = try Self.fixture("expected_logits.npy")
        #expect(logits.shape == expected.shape)
        #expect(relativeError(logits, expected) <= Self.tolerance)
        // The default call gives the logits; a second call reuses the workspace.
        #expect(relativeError(model(inputs), expected) <= Self.tolerance)
    }

    @Test func oneThreadGivesTheSameFeatures() throws {
        let model = try Self.model()
        let inputs = try Self.fixture("inputs.npy")
        let parallel = model.features(inputs)
        let saved = ComputeThreads.count
        ComputeThreads.count = 1
        defer { ComputeThreads.count = saved }
        #expect(relativeError(model.features(inputs), parallel) <= 1e-6)
    }

    @Test func batchOfOneMatchesItsRowOfTheBatch() throws {
        let model = try Self.model()
        let inputs = try Self.fixture("inputs.npy")
        let second = Tensor(shape: [1, 64, 64, 3], scalars: Array(inputs.scalars[64 * 64 * 3 ..< 2 * 64 * 64 * 3]))
        let expected = try Self.fixture("expected_prelogits.npy")
        let row = Tensor(shape: [1, 2048], scalars: Array(expected.scalars[2048 ..< 4096]))
        #expect(relativeError(model.features(second), row) <= Self.tolerance)
    }

}

@Suite struct ResNetV2Tests {
    @Test func multiplyAddsOfR50x1() throws {
        // The issue quotes 4.09 G multiply-adds at 224 and 12.0 G at 384.
        let config = ResNetV2Architecture(blockUnits: [3, 4, 6, 3], widthFactor: 1)
        func giga(_ size: Int) -> Double {
            Double(config.convolutionGeometries(batch: 1, height: size, width: size).reduce(0) { $0 + $1.multiplyAdds }) / 1e9
        }
        let (at224, at384) = (giga(224), giga(384))
        #expect(abs(at224 - 4.09) < 0.02)
        #expect(abs(at384 - 12.0) < 0.1)
    }

    @Test func resetHeadGivesZeroLogitsOfTheNewWidth() throws {
        let model = try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [1], widthFactor: 1), headClasses: 5)
        let images = Tensor(repeating: 0.5, shape: [2, 8, 8, 3])
        #expect(model.logits(images)?.shape == [2, 5])
        #expect(model.multiplyAdds(batch: 2, height: 8, width: 8, includingHead: true)
                - model.multiplyAdds(batch: 2, height: 8, width: 8) == 2 * 256 * 5)
        model.resetHead(classCount: 3)
        #expect(model.logits(images) == Tensor(zeros: [2, 3]))
        #expect(model(images).shape == [2, 3])
    }

    @Test func forwardMatchesLayerByLayerCompositionOnOddSizes() throws {
        // The fused, in-place forward pass against the plain tensor-level layers, on an
        // odd image size where every stride-2 layer meets a border.
        let model = try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [2, 1, 1], widthFactor: 1),
                                 headClasses: 2, seed: 3)
        var generator = SeededGenerator(seed: 5)
        let images = Tensor(shape: [3, 37, 41, 3], scalars: (0..<(3 * 37 * 41 * 3)).map { _ in generator.nextFloat() })
        var x = model.root(images.affine(scale: 2, shift: -1)).zeroPadded(1).maxPooled(window: 3, stride: 2)
        for unit in model.blocks.joined() { x = unit(x) }
        let expected = model.finalNorm(x).globalAveragePooled()
        let (stages, features) = model.trace(images)
        #expect(stages[.block(3)]?.shape == [3, 3, 3, 1024])
        #expect(relativeError(stages[.block(3)]!, x) <= 1e-5)
        #expect(relativeError(features, expected) <= 1e-5)
        #expect(relativeError(model.logits(images)!, try model.head!.logits(expected)) <= 1e-5)
    }

    @Test func unitAppliedAloneEqualsItsDefinition() throws {
        let model = try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [2, 1], widthFactor: 1))
        var generator = SeededGenerator(seed: 9)
        let x = Tensor(shape: [2, 5, 5, 256], scalars: (0..<(2 * 25 * 256)).map { _ in generator.nextFloat() - 0.5 })
        for unit in [model.blocks[0][1], model.blocks[1][0]] {
            let p = unit.normA(x)
            let shortcut = unit.projection.map { $0(p) } ?? x
            var expected = unit.convC(unit.normC(unit.convB(unit.normB(unit.convA(p)))))
            expected += shortcut
            #expect(relativeError(unit(x), expected) <= 1e-5)
        }
    }
}
