import Foundation
import LessonKit
import SyntheticFlowers
import TestSupport
import Testing
@testable import UpstreamLesson

/// Lesson 61's transfer cell end to end, in-process, after a 6-step pre-training.
@Suite struct TransferCellTests {
    typealias Lesson61 = UpstreamProgramTests

    /// The rows of `transfer.csv` as (backbone, split, accuracy, correct, held out).
    static func csvRows(_ folder: URL) throws -> [(String, Int, Double, Int, Int)] {
        let text = try String(contentsOf: folder.appendingPathComponent("transfer.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "backbone,split,accuracy,correct,held_out")
        return try lines.dropFirst().map { line in
            let fields = line.split(separator: ",").map(String.init)
            return (fields[0], try #require(Int(fields[1])), try #require(Double(fields[2])),
                    try #require(Int(fields[3])), try #require(Int(fields[4])))
        }
    }

    /// The transfer cell's output in the last run whose output folder is `folder`.
    static func state(_ folder: URL) throws -> TransferResult {
        let store = ArtifactStore(outputRoot: folder.deletingLastPathComponent(), lesson: 61)
        let key = try #require(RunRecord.load(from: store)?.cells.first { $0.name == "transfer" }?.key)
        return try StateFile.read(TransferResult.self, from: folder.appendingPathComponent(".cache/transfer/\(key)/output.json"))
    }

    /// A folder of 8 synthetic flowers a class at 48 px and one file that does not decode.
    static func smallFolder(in root: URL) throws -> URL {
        let folder = root.appendingPathComponent("small-flowers")
        try SyntheticFlowers(seed: 3, imageSize: 48).writeDataset(to: folder, imagesPerClass: 8)
        try Data([0xFF, 0xD8, 0xFF, 0xE0]).write(to: folder.appendingPathComponent("tulips/broken.jpg"))
        return folder
    }

    @Test func withoutDataItProbesTheEmbeddedFlowersOnThreeBackbones() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-transfer")
        let (outcome, output) = try Lesson61.run(in: root)
        #expect(outcome == .completed, "\(output)")
        let folder = root.appendingPathComponent("61")
        let state = try Self.state(folder)
        #expect(state.images == 200 && state.splits == 3 && state.chance == 0.2)
        #expect(state.scores.map(\.id) == ["trained", "committed", "random"])
        // The committed checkpoint has this run's shape, so all three were measured on 30 held-out images.
        #expect(state.scores.allSatisfy { $0.skipped == nil && $0.heldOut == [30, 30, 30] })
        let rows = try Self.csvRows(folder)
        #expect(rows.count == 9)
        for score in state.scores {
            let mine = rows.filter { $0.0 == score.id }
            #expect(mine.map(\.1) == [1, 2, 3])
            #expect(mine.map(\.2) == score.accuracies && mine.map(\.3) == score.correct)
        }
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("lesson 62's embedded synthetic flowers (drawn, not photographed), 200 images of 5 "
                                 + "classes (daisy, dandelion, roses, sunflowers, tulips)"))
        #expect(summary.contains("split 3 times by class, 170 to train and 30 held out"))
        #expect(summary.contains("resized to 64x64"))
        #expect(summary.contains("the checkpoint lesson 62 ships (`lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz`)"))
        #expect(summary.contains("commonest class among the held-out images, 20.00%"))
        // The table's numbers are the state's.
        for row in TransferReport.tableRows(state.scores, chance: state.chance) {
            #expect(summary.contains("| " + row.joined(separator: " | ") + " |"), "missing row \(row)")
        }
        #expect(summary.contains("![held-out accuracy of every split for each backbone, their means, and chance]"
                                 + "(03-transfer.png)"))
        let png = try Data(contentsOf: folder.appendingPathComponent("03-transfer.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(output.contains("[6/6] transfer"))
        #expect(output.contains("• this run's checkpoint: "))
    }

    @Test func dataGivenLaterRerunsOnlyTheTransferCellAndSkipsBadFiles() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-transfer-data")
        _ = try Lesson61.run(in: root)
        let data = try Self.smallFolder(in: root)
        let (outcome, output) = try Lesson61.run(in: root, cells: ["transfer"], data: data)
        #expect(outcome == .completed, "\(output)")
        #expect(output.contains("pretrain — Pre-train on the upstream data: loaded from cache"), "\(output)")
        #expect(output.contains("skipped 1 image that cannot be used:\n    tulips/broken.jpg: "), "\(output)")
        let folder = root.appendingPathComponent("61")
        let state = try Self.state(folder).images
        #expect(state == 40)
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("the photos of `small-flowers`, 40 images of 5 classes"))
        // 8 a class: 7 train and 1 is held out.
        #expect(summary.contains("split 3 times by class, 35 to train and 5 held out"))
        #expect(summary.contains("- `tulips/broken.jpg`: "))
        #expect(try Self.csvRows(folder).allSatisfy { $0.4 == 5 })
    }

    @Test func aCheckpointEqualToThisRunsScoresTheSameOnEverySplit() throws {
        // With --weights set to this run's own export, the compared backbone is the trained one: equal
        // scores on every split show that every backbone gets the same splits and the same draws.
        let root = SharedFixtures.temporaryDirectory("upstream-transfer-same")
        _ = try Lesson61.run(in: root)
        let export = root.appendingPathComponent("61/\(Export.checkpointName)")
        let copy = root.appendingPathComponent("mine.npz")
        try FileManager.default.copyItem(at: export, to: copy)
        let (outcome, output) = try Lesson61.run(in: root, cells: ["transfer"], weights: copy)
        #expect(outcome == .completed, "\(output)")
        let state = try Self.state(root.appendingPathComponent("61"))
        let scores = state.scores.filter { $0.id == "trained" || $0.id == "weights" }
        #expect(scores.count == 2)
        #expect(scores[0].correct == scores[1].correct)
        let summary = try String(contentsOf: root.appendingPathComponent("61/summary.md"), encoding: .utf8)
        #expect(summary.contains("the checkpoint `mine.npz` (--weights)"))
        #expect(summary.contains("This run's checkpoint is level with the checkpoint `mine.npz` (--weights) on average "
                                 + "(better on 0 of the 3 splits, equal on 3)."))
    }

    @Test func aMissingCommittedCheckpointIsSkippedWithANote() throws {
        // The lesson files in a lessons folder without lesson 62's checkpoint.
        let root = SharedFixtures.temporaryDirectory("upstream-transfer-alone")
        let file = try Lesson61.lessonFilesWithoutCheckpoint(in: root)
        let (outcome, output) = try Lesson61.run(in: root, lessonFile: file)
        #expect(outcome == .completed, "\(output)")
        let state = try Self.state(root.appendingPathComponent("61"))
        let committed = try #require(state.scores.first { $0.id == "committed" })
        let missing = root.appendingPathComponent("lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz")
        #expect(committed.skipped == "there is no file at \(missing.path)")
        #expect(committed.correct.isEmpty)
        let summary = try String(contentsOf: root.appendingPathComponent("61/summary.md"), encoding: .utf8)
        #expect(summary.contains("| skipped: there is no file at \(missing.path) |"))
        #expect(try Self.csvRows(root.appendingPathComponent("61")).allSatisfy { $0.0 != "committed" })
    }

    @Test func aFolderOfOneClassIsAClearError() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-transfer-one")
        let data = try Self.smallFolder(in: root)
        for name in ["daisy", "dandelion", "roses", "sunflowers"] {
            try FileManager.default.removeItem(at: data.appendingPathComponent(name))
        }
        let (outcome, output) = try Lesson61.run(in: root, data: data)
        guard case .failed(let cell, let message) = outcome else {
            Issue.record("expected a failure, got \(outcome): \(output)")
            return
        }
        #expect(cell == "transfer")
        #expect(message.hasPrefix("\(data.path) holds one class folder (tulips): a classifier needs at least two classes"))
    }

    @Test(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
    func theSamplePhotosAreProbedWith30HeldOutASplit() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-transfer-photos")
        let (outcome, output) = try Lesson61.run(in: root, extra: [.init(key: "probe_splits", value: "2")],
                                                 data: SharedFixtures.flowersSample)
        #expect(outcome == .completed, "\(output)")
        let folder = root.appendingPathComponent("61")
        let state = try Self.state(folder)
        #expect(state.images == 200 && state.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
        #expect(state.chance == 0.2)
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("the photos of `flowers-sample`, 200 images of 5 classes"))
        #expect(summary.contains("split 2 times by class, 170 to train and 30 held out"))
        #expect(try Self.csvRows(folder).count == 6)
    }
}
