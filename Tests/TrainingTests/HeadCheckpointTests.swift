import Foundation
import Tensors
import TestSupport
import Testing
import NumPyIO
import Training

@Suite struct HeadCheckpointTests {
    @Test func aSavedHeadLoadsBackExactly() throws {
        let folder = SharedFixtures.temporaryDirectory("head")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("head.npz")
        let head = try DenseHead(weights: Tensor(shape: [3, 2], scalars: [0.5, -1, 2, 0.25, -3, 1e-7]),
                                 bias: Tensor(shape: [2], scalars: [0.125, -0.5]))
        try head.save(to: url)
        let loaded = try DenseHead.load(from: url)
        #expect(loaded == head)
        #expect(loaded.inputCount == 3 && loaded.classCount == 2)
    }

    @Test func aMissingFileIsReportedByName() {
        let url = URL(fileURLWithPath: "/nonexistent/head.npz")
        do {
            _ = try DenseHead.load(from: url)
            Issue.record("loading a missing head must fail")
        } catch {
            #expect("\(error)".contains("/nonexistent/head.npz"))
        }
    }

    @Test func aHeadWithANaNBiasIsRefused() throws {
        let folder = SharedFixtures.temporaryDirectory("head-nan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("head.npz")
        try NumPyArchive.write(["dense/kernel": Tensor(shape: [3, 2], scalars: [0.5, -1, 2, 0.25, -3, 1]),
                                "dense/bias": Tensor(shape: [2], scalars: [0, .nan])], to: url)
        #expect {
            try DenseHead.load(from: url)
        } throws: { error in
            guard case .unreadableFile(let path, let reason) = error as? TrainingError else { return false }
            return path == url.path && reason.contains("dense/bias") && reason.contains("element 1")
        }
    }
}
