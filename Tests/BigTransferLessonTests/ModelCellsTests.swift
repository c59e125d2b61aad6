import Foundation
import LessonKit
import Testing

/// The model cells on a file that is not a BiT checkpoint.
@Suite struct ModelCellsTests {
    @Test func weightsThatAreNotACheckpointFailTheModelCellNamingTheFile() throws {
        let run = LessonRun()
        let weights = run.root.appendingPathComponent("not-a-checkpoint.npz")
        // 4 KiB of fixed noise: no zip signature, no .npy header.
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: ($0 * 7919 + 13) % 251) }).write(to: weights)

        let outcome = try run.run(cells: ["load-model"], weights: weights)
        guard case .failed(let cell, let message) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(cell == "load-model")
        #expect(message.hasPrefix("\(weights.path): cannot read the checkpoint ("), "\(message)")
        #expect(message.hasSuffix("expected a BiT .npz file such as BiT-M-R50x1.npz"))
        #expect(run.cells(fromCache: false) == [], "load-model reads no other cell, so none ran before it")
        #expect(try run.text("summary.md").contains("> **Run failed in cell `load-model`:** \(weights.path)"))
    }

    @Test func modelCellReportsTheMiniatureBackbone() throws {
        let run = try Baseline.shared.get()
        let summary = try run.text("summary.md")
        #expect(summary.contains("| architecture | ResNetV2, block units [1, 1, 1, 1], 64 root channels |"))
        #expect(summary.contains("| dense head (zeros) | 2048 → 5 | 10,245 | yes |"))
        #expect(summary.contains("| original head | none |"))
    }
}
