import Foundation
import Testing
import Tensors
import TestSupport
@testable import NumPyIO

/// Reading the real reference fixture in `../shared/fixtures/bit-tiny` (written by numpy).
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct BiTFixtureReadingTests {
    @Test func weightsArchiveHoldsTheCheckpoint() throws {
        let weights = try NumPyArchive.read(from: SharedFixtures.bitTiny.appendingPathComponent("weights.npz"))
        #expect(weights.count == 45)
        #expect(weights["resnet/root_block/standardized_conv2d/kernel"]?.shape == [7, 7, 3, 64])
        #expect(weights["resnet/head/conv2d/bias"]?.shape == [5])
        #expect(weights["resnet/head/conv2d/kernel"]?.shape == [1, 1, 2048, 5])
        #expect(weights["resnet/block4/unit01/c/standardized_conv2d/kernel"]?.shape == [1, 1, 512, 2048])
        #expect(weights["resnet/block2/unit01/a/proj/standardized_conv2d/kernel"]?.shape == [1, 1, 256, 512])
        #expect(weights["resnet/group_norm/gamma"]?.shape == [2048])
        // README: 8,018,501 parameters in all.
        #expect(weights.values.reduce(0) { $0 + $1.count } == 8_018_501)
        // gamma = 1 + 0.1·N(0,1): centred on 1.
        let gamma = try #require(weights["resnet/group_norm/gamma"]).scalars
        let mean = gamma.reduce(0, +) / Float(gamma.count)
        #expect(abs(mean - 1) < 0.02)
    }

    @Test func inputsAreImagesInTheUnitInterval() throws {
        let inputs = try NumPyFile.readArray(from: SharedFixtures.bitTiny.appendingPathComponent("inputs.npy"))
        #expect(inputs.shape == [4, 64, 64, 3])
        #expect(inputs.scalars.allSatisfy { (0...1).contains($0) })
        // Uniform [0, 1) draws: mean near 1/2.
        let mean = inputs.scalars.reduce(0, +) / Float(inputs.count)
        #expect(abs(mean - 0.5) < 0.01)
    }

    @Test func encodingReproducesNumPySaveByteForByte() throws {
        for name in ["inputs.npy", "expected_logits.npy", "expected_prelogits.npy"] {
            let url = SharedFixtures.bitTiny.appendingPathComponent(name)
            let original = try Data(contentsOf: url)
            #expect(NumPyFile.encode(try NumPyFile.readArray(from: url)) == original, "\(name)")
        }
    }

    @Test func rewrittenCheckpointArraysReadBackIdentically() throws {
        let folder = SharedFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = try NumPyArchive.read(from: SharedFixtures.bitTiny.appendingPathComponent("weights.npz"))
        // The root, final norm and head: slashed key names of every rank, without writing all 32 MB.
        let subset = weights.filter { !$0.key.contains("/block") }
        #expect(subset.count == 5)
        let copy = folder.appendingPathComponent("copy.npz")
        try NumPyArchive.write(subset, to: copy)
        #expect(try NumPyArchive.read(from: copy) == subset)
    }
}
