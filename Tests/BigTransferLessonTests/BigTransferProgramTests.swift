import Foundation
import LessonKit
import Testing
import Training

/// Lesson 62 run end to end in-process, on 60 synthetic flowers and a random miniature BiT.
@Suite struct BigTransferProgramTests {
    @Test func firstRunComputesEveryCellAndWritesEveryOutput() throws {
        let run = try Baseline.shared.get()
        let record = try #require(run.record)
        #expect(record.status == .done)
        #expect(run.cells(fromCache: false) == ["setup", "load-dataset", "visualize", "define-pipeline",
                                                "load-model", "build-head", "train", "plot-history", "evaluate",
                                                "random-backbone", "fine-tune", "compare", "few-shot"])
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        var expected = ["01-class-counts.png", "02-samples.png", "03-train-batch.png", "04-history.png",
                        "05-confusion.png", "08-few-shot.png", "few-shot.csv", "history.csv", "metrics.json",
                        "summary.md"]
        if !metrics.misclassified.isEmpty { expected.append("06-mistakes.png") }
        for name in expected {
            #expect(FileManager.default.fileExists(atPath: run.outputFile(name).path), "\(name) is missing")
        }
        for name in expected where name.hasSuffix(".png") {
            let header = try #require(PNGHeader(contentsOf: run.outputFile(name)), "\(name) is not a PNG")
            #expect(header.width > 100 && header.height > 100, "\(name) is \(header.width)x\(header.height)")
        }
        // Figure sizes in points at scale 2: 640x480 class counts (5 classes, 2 splits),
        // 1000x440 history, 520+80 x 520 confusion matrix (5 classes).
        #expect(PNGHeader(contentsOf: run.outputFile("01-class-counts.png")) == PNGHeader(width: 1280, height: 960))
        #expect(PNGHeader(contentsOf: run.outputFile("04-history.png")) == PNGHeader(width: 2800, height: 880))
        #expect(PNGHeader(contentsOf: run.outputFile("05-confusion.png")) == PNGHeader(width: 1200, height: 1040))
    }

    @Test func splitIsStratifiedEightyFivePercentPerClass() throws {
        let run = try Baseline.shared.get()
        let dataset = try run.dataset
        let classes = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
        #expect(dataset.classNames == classes)
        #expect(dataset.files.count == 5 * TinyInputs.imagesPerClass)
        #expect(dataset.counts(dataset.trainIndices) == Array(repeating: TinyInputs.trainPerClass, count: 5))
        #expect(dataset.counts(dataset.validationIndices) == Array(repeating: TinyInputs.validationPerClass, count: 5))
        #expect(Set(dataset.trainIndices).isDisjoint(with: dataset.validationIndices))
        #expect(Set(dataset.trainIndices + dataset.validationIndices) == Set(dataset.files.indices))
        for (file, label) in zip(dataset.files, dataset.labels) {
            #expect(file.hasPrefix(classes[label] + "/"), "\(file) labelled \(classes[label])")
        }
        // The summary's table shows the same split.
        let table = try classCountTable(try run.text("summary.md"))
        #expect(table == classes.map { [$0, "10", "2", "12"] } + [["**total**", "50", "10", "60"]])
    }

    @Test func historyHasOneRowPerEpochAndTheRestoredEpochIsTheFirstBest() throws {
        let run = try Baseline.shared.get()
        let rowsParsed = try HistoryCSV.parse(try run.text("history.csv"))
        let (rows, restored) = (rowsParsed.epochs, rowsParsed.restoredEpoch)
        let training = try run.training
        #expect(rows.map(\.epoch) == Array(1...(training.stoppedEpoch ?? TinyInputs.epochs)))
        #expect(rows.count == TinyInputs.epochs, "6 steps of 2 per epoch; early stopping cannot end sooner")
        #expect(training.steps == TinyInputs.steps)
        let best = try #require(rows.map(\.validationAccuracy).max())
        let firstBest = try #require(rows.first { $0.validationAccuracy == best }?.epoch)
        #expect(restored == firstBest)
        #expect(training.restoredEpoch == firstBest)
        // Every validation accuracy is a share of the 10 validation images.
        for row in rows {
            #expect(abs(row.validationAccuracy * 10 - (row.validationAccuracy * 10).rounded()) < 1e-9)
        }
        // Every training draw was served by the feature cache or computed once: 6 steps x 16.
        #expect(training.trainFeatureHits + training.trainFeatureMisses == TinyInputs.steps * TinyInputs.batchSize)
        #expect(training.trainFeatureMisses > 0, "the second view of images drawn twice is computed during training")
    }

    @Test func metricsAgreeWithTheConfusionMatrixAndTheRestoredEpoch() throws {
        let run = try Baseline.shared.get()
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        let validationCount = 5 * TinyInputs.validationPerClass
        #expect(metrics.confusion.count == 5 && metrics.confusion.allSatisfy { $0.count == 5 })
        #expect(metrics.confusion.joined().reduce(0, +) == validationCount)
        #expect(metrics.confusion.map { $0.reduce(0, +) } == Array(repeating: TinyInputs.validationPerClass, count: 5))
        let diagonal = (0..<5).map { metrics.confusion[$0][$0] }.reduce(0, +)
        #expect(metrics.accuracy == Double(diagonal) / Double(validationCount))
        #expect(metrics.misclassified.count == validationCount - diagonal)
        // The evaluated head is the restored one, scored on the same cached validation features.
        let rowsParsed = try HistoryCSV.parse(try run.text("history.csv"))
        let (rows, restored) = (rowsParsed.epochs, rowsParsed.restoredEpoch)
        #expect(metrics.restoredEpoch == restored)
        let restoredRow = try #require(rows.first { $0.epoch == restored })
        #expect(abs(metrics.accuracy - restoredRow.validationAccuracy) < 1e-9)
        #expect(abs(metrics.loss - restoredRow.validationLoss) < 1e-4)
    }

    @Test func summaryNamesTheInputsAndEverySection() throws {
        let run = try Baseline.shared.get()
        let inputs = try TinyInputs.shared.get()
        let summary = try run.text("summary.md")
        #expect(summary.hasPrefix("# Lesson 62: Image classification with Big Transfer (BiT)\n"))
        #expect(summary.contains("image folder \(inputs.data.path) (--data)"))
        #expect(summary.contains("BiT checkpoint \(inputs.weights.path) (--weights)"))
        for (number, cell) in ["setup", "load-dataset", "visualize", "define-pipeline", "load-model", "build-head",
                               "train", "plot-history", "evaluate"].enumerated() {
            #expect(summary.contains("## \(number + 1). "), "section \(number + 1)")
            #expect(summary.contains("(`\(cell)`)"))
        }
        #expect(summary.contains("| `resize_to` | `64` | --set |"))
        #expect(summary.contains("![images per class in each split](01-class-counts.png)"))
        #expect(summary.contains("| pre-logit features | 2048 |"))
        #expect(!summary.contains("Stale"))
    }
}

/// The rows of the summary's class / train / validation / total table.
func classCountTable(_ summary: String) throws -> [[String]] {
    let lines = summary.components(separatedBy: "\n")
    let header = try requireValue(lines.firstIndex(of: "| class | train | validation | total |"),
                                  "the summary has no class-count table")
    return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
        line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
