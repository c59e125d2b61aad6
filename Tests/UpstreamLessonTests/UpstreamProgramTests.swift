import BiT
import Foundation
import LessonKit
import NumPyIO
import SyntheticShapes
import Tensors
import TestSupport
import Testing
import Training
@testable import UpstreamLesson

/// Lesson 61 run end to end in-process with a short schedule on small images.
@Suite struct UpstreamProgramTests {
    static let lessonFile = SharedFixtures.repositoryRoot.appendingPathComponent("lessons/61-bit-upstream/lesson.toml")

    /// 6 steps of 8 shapes images at 32x32 in epochs of 3 steps, warm-up 1, decays after 3 and 5; the
    /// transfer cell probes at 64x64 over 3 splits. Shapes alone (the default also draws 2,000
    /// dead-leaves images); a test's `extra` comes later and wins.
    static let settings: [ParameterAssignment] = [
        .init(key: "upstream", value: "shapes"),
        .init(key: "image_size", value: "32"), .init(key: "batch_size", value: "8"),
        .init(key: "steps", value: "6"), .init(key: "steps_per_epoch", value: "3"),
        .init(key: "warmup_steps", value: "1"), .init(key: "decay_steps", value: "3,5"),
        .init(key: "validation_per_class", value: "1"),
        .init(key: "probe_size", value: "64"), .init(key: "probe_splits", value: "3"),
    ]

    /// Runs lesson 61 in-process with output under `root` (and the user cache in it); returns the
    /// outcome and the terminal text.
    static func run(in root: URL, extra: [ParameterAssignment] = [], cells: [String] = [], data: URL? = nil,
                    weights: URL? = nil, lessonFile: URL = lessonFile) throws -> (RunOutcome, String) {
        var output = ""
        let lock = NSLock()
        let console = Console(isInteractive: false) { text in lock.withLock { output += text } }
        let runner = LessonRunner(lesson: try LessonFile.load(lessonFile), program: UpstreamProgram(),
                                  store: ArtifactStore(outputRoot: root, lesson: 61), console: console,
                                  userCache: root.appendingPathComponent("user-cache"))
        var inputs: [String: URL] = [:]
        inputs["data"] = data
        inputs["baseline"] = weights
        let outcome = try runner.run(RunRequest(cells: cells, assignments: settings + extra, inputs: inputs))
        return (outcome, output)
    }

    /// Where lesson 62 ships the checkpoint, in a lessons folder.
    static let committedCheckpoint = "62-big-transfer/assets/" + Export.checkpointName

    /// Copies of lessons 61 and 62's files in `root`/lessons, without lesson 62's checkpoint;
    /// returns lesson 61's.
    static func lessonFilesWithoutCheckpoint(in root: URL) throws -> URL {
        for name in ["61-bit-upstream", "62-big-transfer"] {
            let folder = root.appendingPathComponent("lessons/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: lessonFile.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("\(name)/lesson.toml"),
                to: folder.appendingPathComponent("lesson.toml"))
        }
        return root.appendingPathComponent("lessons/61-bit-upstream/lesson.toml")
    }

    @Test func aShortRunWritesCurvesHistoryAndAnOfficialLayoutCheckpoint() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson")
        let (outcome, output) = try Self.run(in: root)
        #expect(outcome == .completed)
        let folder = root.appendingPathComponent("61")
        let rows = try HistoryCSV.parse(try String(contentsOf: folder.appendingPathComponent("history.csv"),
                                                   encoding: .utf8)).epochs
        #expect(rows.map(\.epoch) == [1, 2])
        // Warm-up over step 0, then 0.05 through step 3 and 0.005 after: epochs end at steps 2 and 5 (0-based).
        #expect(rows.map(\.learningRate) == [0.05, 0.05 / 10])
        #expect(rows.allSatisfy { $0.validationAccuracy >= 0 && $0.validationAccuracy <= 1 && $0.trainLoss > 0 })
        for figure in ["01-shapes.png", "02-history.png"] {
            let data = try Data(contentsOf: folder.appendingPathComponent(figure))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(figure) is not a PNG")
        }
        // The checkpoint loads strictly into a ResNetV2, head included, under the official keys.
        let checkpoint = folder.appendingPathComponent(Export.checkpointName)
        let model = try ResNetV2(checkpoint: checkpoint)
        #expect(model.architecture == ResNetV2Architecture(blockUnits: [1, 1, 1, 1], rootChannels: 32))
        #expect(model.head?.classCount == SyntheticShapes.classNames.count)
        let arrays = try NumPyArchive.read(from: checkpoint)
        #expect(arrays[BiTCheckpoint.rootKernelKey]?.shape == [7, 7, 3, 32])
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("6 steps of 8 images (48 images, none seen twice)"))
        #expect(summary.contains("on 56 held-out images (chance 1.8%)"))
        // The copy command names where this run's --output put the checkpoint, not a fixed output/61.
        #expect(summary.contains("cp \(checkpoint.standardizedFileURL.path) lessons/62-big-transfer/assets/"))
        #expect(!summary.contains("cp output/61/"))
        #expect(output.contains("[3/6] pretrain"))
    }

    /// Runs look-at-data to export with `upstream` and 6 dead-leaves images; returns the output folder,
    /// the exported checkpoint's head width and the summary.
    static func runDeadLeaves(upstream: String) throws -> (folder: URL, headClasses: Int?, summary: String) {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson-\(upstream)")
        let (outcome, output) = try run(in: root, extra: [.init(key: "upstream", value: upstream),
                                                          .init(key: "exemplars", value: "6")],
                                        cells: ["look-at-data", "export"])
        #expect(outcome == .completed, "\(output)")
        let folder = root.appendingPathComponent("61")
        let model = try ResNetV2(checkpoint: folder.appendingPathComponent(Export.checkpointName))
        return (folder, model.head?.classCount,
                try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8))
    }

    @Test func deadLeavesPretrainsAHeadOfOneClassPerImage() throws {
        let (folder, headClasses, summary) = try Self.runDeadLeaves(upstream: "dead-leaves")
        #expect(headClasses == 6)
        #expect(summary.contains("6 steps of 8 images (48 random views of 6 dead-leaves images, 8 views of each on average)"))
        #expect(summary.contains("on 6 held-out images (chance 17%)"))
        #expect(summary.contains("Each of the 6 dead-leaves images is a class of its own"))
        #expect(summary.contains("in the 6-way head"))
        let figure = try Data(contentsOf: folder.appendingPathComponent("01-dead-leaves.png"))
        #expect(figure.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func shapesAndDeadLeavesTogetherTrainOneHeadOverBoth() throws {
        let (folder, headClasses, summary) = try Self.runDeadLeaves(upstream: "shapes+dead-leaves")
        // Trained with 56 + 6 outputs; exported with the 56 shapes ones.
        #expect(headClasses == 56)
        #expect(summary.contains("in the 62-way head"))
        #expect(summary.contains("The head keeps its 56 shapes outputs only: the 6 dead-leaves outputs"))
        #expect(summary.contains("6 steps of 8 images (24 shapes images, none seen twice, and 24 random views of 6 "
            + "dead-leaves images, 4 views of each on average)"))
        #expect(summary.contains("on 62 held-out images"))
        // The two tasks' accuracies, weighted by their 56 and 6 images, make the overall one.
        func percent(after markers: String...) -> Double? {
            var rest = Substring(summary)
            for marker in markers {
                guard let range = rest.range(of: marker) else { return nil }
                rest = rest[range.upperBound...]
            }
            return Double(rest.prefix { $0 != "%" })
        }
        let overall = try #require(percent(after: "cores; validation accuracy "))
        let shapes = try #require(percent(after: "By task, the final network gets "), "\(summary)")
        let leaves = try #require(percent(after: "By task, the final network gets ", "shapes images right (loss ", ") and "))
        #expect(abs((shapes * 56 + leaves * 6) / 62 - overall) < 0.02, "\(summary)")
        #expect(summary.contains("% of the 6 dead-leaves views (loss "))
        for figure in ["01-shapes.png", "01-dead-leaves.png"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(figure).path), "\(figure)")
        }
    }

    @Test func aDeadLeavesSideTooLargeToDrawIsNamedAsTheParameterTheLearnerSet() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson-leaves-big")
        let (outcome, output) = try Self.run(in: root, extra: [.init(key: "upstream", value: "dead-leaves"),
                                                               .init(key: "image_size", value: "400")],
                                             cells: ["look-at-data"])
        #expect(outcome != .completed)
        #expect(output.contains("with dead leaves, image_size (400) may be at most 341"))
    }

    @Test func theRunIsReproducibleBitForBit() throws {
        let first = SharedFixtures.temporaryDirectory("upstream-lesson-a")
        let second = SharedFixtures.temporaryDirectory("upstream-lesson-b")
        _ = try Self.run(in: first)
        _ = try Self.run(in: second)
        let a = try NumPyArchive.read(from: first.appendingPathComponent("61/\(Export.checkpointName)"))
        let b = try NumPyArchive.read(from: second.appendingPathComponent("61/\(Export.checkpointName)"))
        #expect(Export.compare(a, with: b) == nil)
    }

    @Test func cuttingTheHeadKeepsTheFirstOutputsOfEveryFeature() throws {
        let arrays = [BiTCheckpoint.headKernelKey: Tensor(shape: [1, 1, 2, 3], scalars: [1, 2, 3, 4, 5, 6]),
                      BiTCheckpoint.headBiasKey: Tensor(shape: [3], scalars: [7, 8, 9]),
                      "resnet/root_block/standardized_conv2d/kernel": Tensor(shape: [1], scalars: [10])]
        let cut = try Export.keepingFirstOutputs(2, of: arrays)
        #expect(cut[BiTCheckpoint.headKernelKey]! == Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 4, 5]))
        #expect(cut[BiTCheckpoint.headBiasKey]! == Tensor(shape: [2], scalars: [7, 8]))
        #expect(cut["resnet/root_block/standardized_conv2d/kernel"]!.scalars == [10])
        #expect(throws: UpstreamError.self) { try Export.keepingFirstOutputs(4, of: arrays) }
    }

    @Test func comparisonWithTheCommittedCheckpointNamesTheLargestDifference() throws {
        var arrays = ["resnet/head/conv2d/bias": Tensor(shape: [2], scalars: [1, 2])]
        #expect(Export.compare(arrays, with: arrays) == nil)
        let other = ["resnet/head/conv2d/bias": Tensor(shape: [2], scalars: [1, 2.5])]
        #expect(Export.compare(arrays, with: other) == 0.5)
        arrays["extra"] = Tensor(shape: [1], scalars: [0])
        #expect(Export.compare(arrays, with: other) == .infinity)
    }

    /// Replacing lesson 62's checkpoint redoes the export cell's comparison, never shows a stale one.
    @Test func theExportComparesWithTheCommittedCheckpointAsItIsNow() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson-committed")
        let file = try Self.lessonFilesWithoutCheckpoint(in: root)
        let summary = { try String(contentsOf: root.appendingPathComponent("61/summary.md"), encoding: .utf8) }
        let committed = root.appendingPathComponent("lessons/\(Self.committedCheckpoint)")

        let (first, output) = try Self.run(in: root, cells: ["export"], lessonFile: file)
        #expect(first == .completed, "\(output)")
        #expect(try summary().contains("| lesson 62's copy | none at lessons/\(Self.committedCheckpoint) |"))

        try FileManager.default.createDirectory(at: committed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("61/\(Export.checkpointName)"), to: committed)
        let (second, again) = try Self.run(in: root, cells: ["export"], lessonFile: file)
        #expect(second == .completed, "\(again)")
        #expect(again.contains("[3/6] pretrain — Pre-train on the upstream data: loaded from cache"), "\(again)")
        #expect(try summary().contains(
            "| lesson 62's copy | identical to lessons/\(Self.committedCheckpoint), array for array |"))
    }

    @Test func aDecayStepOutsideTheRunIsAClearError() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson-bad")
        let (outcome, output) = try Self.run(in: root, extra: [.init(key: "decay_steps", value: "3,9")])
        #expect(outcome != .completed)
        #expect(output.contains("every decay step [3, 9] must lie after warmup_steps (1) and before steps (6)"))
    }

    /// Lesson 61 reads lesson 62's file (its head training, its checkpoint): without it, the run
    /// stops before any cell with an error naming the link.
    @Test func withoutLesson62TheRunStopsNamingTheLink() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-lesson-no-62")
        let file = try Self.lessonFilesWithoutCheckpoint(in: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("lessons/62-big-transfer"))
        #expect {
            try Self.run(in: root, lessonFile: file)
        } throws: { error in
            "\(error)".contains("link 'head_training' names lesson 62, which is not in \(root.appendingPathComponent("lessons").path)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("61/.cache/look-at-data").path))
    }
}
