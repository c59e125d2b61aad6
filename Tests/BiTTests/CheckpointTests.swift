import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
@testable import BiT

@Suite struct CheckpointTests {
    static let config = ResNetV2Architecture(blockUnits: [2, 1], widthFactor: 1)

    /// A complete parameter set for `config` with a 4-class head.
    static func arrays() -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (index, entry) in config.layout(headClasses: 4).enumerated() {
            let count = entry.shape.reduce(1, *)
            result[entry.key] = Tensor(shape: entry.shape, scalars: (0..<count).map { Float(($0 + index) % 7) - 3 })
        }
        return result
    }

    @Test func layoutUsesTheOfficialKeyNames() {
        let keys = Self.config.layout(headClasses: 4).map(\.key)
        #expect(keys.first == "resnet/root_block/standardized_conv2d/kernel")
        #expect(keys.contains("resnet/block1/unit02/b/standardized_conv2d/kernel"))
        #expect(keys.contains("resnet/block2/unit01/a/proj/standardized_conv2d/kernel"))
        #expect(!keys.contains("resnet/block1/unit02/a/proj/standardized_conv2d/kernel"))
        #expect(keys.suffix(4) == ["resnet/group_norm/gamma", "resnet/group_norm/beta",
                                   "resnet/head/conv2d/kernel", "resnet/head/conv2d/bias"])
        #expect(BiTCheckpoint.unitPrefix(block: 2, unit: 22) == "resnet/block3/unit23/")
    }

    @Test func loadsAndInfersBlockUnitsAndWidth() throws {
        let model = try ResNetV2(parameters: Self.arrays())
        #expect(model.architecture == Self.config)
        #expect(model.blocks.map(\.count) == [2, 1])
        #expect(model.blocks[1][0].stride == 2 && model.blocks[0][0].stride == 1)
        #expect(model.head?.classCount == 4)
        #expect(model.featureCount == 512)
    }

    @Test func headlessCheckpointLoadsWithoutHead() throws {
        var arrays = Self.arrays()
        arrays["resnet/head/conv2d/kernel"] = nil
        arrays["resnet/head/conv2d/bias"] = nil
        let model = try ResNetV2(parameters: arrays)
        #expect(model.head == nil)
        #expect(model.logits(Tensor(zeros: [1, 16, 16, 3])) == nil)
    }

    @Test func inferenceOfThePublishedVariants() throws {
        for (name, config) in ResNetV2Architecture.variants {
            let shapes = Dictionary(uniqueKeysWithValues: config.layout(headClasses: 21_843)
                .map { ($0.key, $0.shape) })
            #expect(try BiTCheckpoint.inferArchitecture(from: shapes, source: name) == config)
            #expect(ResNetV2Architecture.named(name.lowercased()) == config)
            #expect(config.description == name)
        }
    }

    @Test func missingKeyNamesKeyAndShape() {
        var arrays = Self.arrays()
        arrays["resnet/block1/unit02/b/group_norm/beta"] = nil
        #expect(throws: CheckpointError.missingKey("resnet/block1/unit02/b/group_norm/beta", expected: [64],
                                                   source: "test.npz")) {
            try ResNetV2(parameters: arrays, source: "test.npz")
        }
    }

    @Test func unusedKeyIsAnError() {
        var arrays = Self.arrays()
        arrays["resnet/block1/unit02/a/proj/standardized_conv2d/kernel"] = Tensor(zeros: [1, 1, 256, 256])
        let error = CheckpointError.unusedKey("resnet/block1/unit02/a/proj/standardized_conv2d/kernel",
                                              found: [1, 1, 256, 256], source: "test.npz")
        #expect(throws: error) { try ResNetV2(parameters: arrays, source: "test.npz") }
        #expect(error.description.contains("[1, 1, 256, 256]"))
    }

    @Test func misShapedArrayNamesExpectedAndFound() {
        var arrays = Self.arrays()
        arrays["resnet/block2/unit01/b/standardized_conv2d/kernel"] = Tensor(zeros: [3, 3, 128, 64])
        let error = CheckpointError.shapeMismatch("resnet/block2/unit01/b/standardized_conv2d/kernel",
                                                  expected: [3, 3, 128, 128], found: [3, 3, 128, 64], source: "x.npz")
        #expect(throws: error) { try ResNetV2(parameters: arrays, source: "x.npz") }
        #expect(error.description.contains("[3, 3, 128, 64]") && error.description.contains("[3, 3, 128, 128]"))
    }

    @Test func explicitConfigurationMustMatchTheKeys() {
        // Asking for R50x1 from a two-block file: the first missing unit is named.
        #expect(throws: CheckpointError.missingKey("resnet/block1/unit03/a/group_norm/gamma", expected: [256],
                                                   source: "checkpoint")) {
            try ResNetV2(parameters: Self.arrays(), architecture: .r50x1)
        }
        #expect(throws: CheckpointError.self) {
            try ResNetV2(parameters: Self.arrays(), architecture: ResNetV2Architecture(blockUnits: [], widthFactor: 1))
        }
    }

    @Test func rootChannelsMustSplitIntoGroupNormGroups() throws {
        let mini = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32).layout(headClasses: nil)
        let inferred = try BiTCheckpoint.inferArchitecture(
            from: Dictionary(uniqueKeysWithValues: mini.map { ($0.key, $0.shape) }), source: "mini.npz")
        #expect(inferred == ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32))
        let odd = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 48, groups: 16).layout(headClasses: nil)
        let shapes = Dictionary(uniqueKeysWithValues: odd.map { ($0.key, $0.shape) })
        #expect {
            try BiTCheckpoint.inferArchitecture(from: shapes, source: "odd.npz")
        } throws: { error in
            guard case let .invalidConfiguration(reason, source)? = error as? CheckpointError else { return false }
            let text = (error as! CheckpointError).description
            return source == "odd.npz" && reason.contains("48 output channels") && text.contains("multiple of 32")
                && text.hasPrefix("odd.npz: ")
        }
    }

    @Test func arraysThatAreNotBiTAreRejected() {
        let arrays = ["conv1/weight": Tensor(zeros: [64, 3, 7, 7])]
        #expect(throws: CheckpointError.notACheckpoint(
            source: "model.npz", reason: "none of its 1 keys starts with resnet/")) {
            try ResNetV2(parameters: arrays, source: "model.npz")
        }
    }

    @Test func filesThatAreNotCheckpointsNameTheFile() throws {
        let folder = SharedFixtures.temporaryDirectory("bit-checkpoint")
        defer { try? FileManager.default.removeItem(at: folder) }
        // A valid .npz of the wrong arrays.
        let other = folder.appendingPathComponent("other.npz")
        try NumPyArchive.write(["weights": Tensor(zeros: [2, 2])], to: other)
        do {
            _ = try ResNetV2(checkpoint: other)
            Issue.record("loaded a non-BiT archive")
        } catch let error as CheckpointError {
            guard case .notACheckpoint(let source, _) = error else { Issue.record("\(error)"); return }
            #expect(source == other.path)
        }
        // Not a zip at all, and a truncated one.
        let text = folder.appendingPathComponent("notes.npz")
        try Data("hello".utf8).write(to: text)
        let truncated = folder.appendingPathComponent("truncated.npz")
        try Data(try Data(contentsOf: other).prefix(40)).write(to: truncated)
        for file in [text, truncated, folder.appendingPathComponent("absent.npz")] {
            do {
                _ = try ResNetV2(checkpoint: file)
                Issue.record("loaded \(file.lastPathComponent)")
            } catch let error as CheckpointError {
                guard case .unreadable(let source, _) = error else { Issue.record("\(error)"); return }
                #expect(source == file.path)
                #expect(error.description.contains(file.lastPathComponent))
            }
        }
    }
}
