import BiT
import Foundation
import LessonKit
import NumPyIO
import TestSupport
import Testing
import Training
@testable import BigTransferLesson

/// The random-backbone, fine-tune and compare cells: the estimate by default, the real runs
/// when asked, and the table that puts them side by side.
@Suite struct ComparisonCellsTests {
    struct FineTuneFile: Decodable {
        var accuracy: Double?
        var steps: Int
        var secondsPerImage: Double
        var estimatedSeconds: Double
    }

    struct RandomBackboneFile: Decodable {
        var accuracy: Double?
        var epochs: Int
    }

    struct FewShotFile: Decodable {
        struct Point: Decodable { var examplesPerClass: Int?; var mean: Double }
        var sizes: [Int]
        var skippedSizes: [Int]
        var allImages: Int
        var pretrained: [Point]
        var random: [Point]?
        var featureStores: [String]
        var featuresComputed: Int
        var finding: String
    }

    @Test func byDefaultFineTuningIsEstimatedFromAMeasuredStepAndTheRandomBackboneSkipped() throws {
        let run = try Baseline.shared.get()
        let fineTune = try run.output(FineTuneFile.self, cell: "fine-tune")
        #expect(fineTune.accuracy == nil)
        #expect(fineTune.steps == 500)
        #expect(fineTune.secondsPerImage > 0)
        #expect(abs(fineTune.estimatedSeconds - fineTune.secondsPerImage * 500 * Double(TinyInputs.batchSize)) < 1e-9)
        let random = try run.output(RandomBackboneFile.self, cell: "random-backbone")
        #expect(random.accuracy == nil)
        let summary = try run.text("summary.md")
        #expect(summary.contains("Not run: `fine_tune` is false."))
        #expect(summary.contains("| head only, random backbone (no pre-training) | not run (`compare_random_backbone=false`) |"))
        // Few-shot: the train cell's stored features, nothing computed; the sizes that fit 10 images per class.
        let fewShot = try run.output(FewShotFile.self, cell: "few-shot")
        let trainStore = try run.training.featureStore, trainImages = try run.dataset.trainIndices.count
        #expect(fewShot.featuresComputed == 0 && fewShot.featureStores == [trainStore])
        #expect(fewShot.sizes == [1, 2, 5, 10] && fewShot.skippedSizes == [25])
        #expect(fewShot.allImages == trainImages)
        #expect(fewShot.random == nil && fewShot.finding.contains("The random backbone was not run"))
        #expect(summary.contains("![validation accuracy against training images per class](08-few-shot.png)"))
        // bit-tiny's weights are random, and the lesson cannot tell: its head is called the checkpoint's.
        #expect(summary.contains("| images per class | training images | checkpoint: mean ± std | min – max |"))
        let csv = try run.text("few-shot.csv").split(separator: "\n")
        #expect(csv.count == 1 + 5 * 5, "5 points (1, 2, 5, 10, all) x 5 draws")
    }

    @Test func whenAskedBothRunAndTheComparisonTableShowsTheirAccuracies() throws {
        let run = try LessonRun.copyOfBaseline()
        #expect(try run.run(extra: [.init(key: "compare_random_backbone", value: "true"),
                                    .init(key: "fine_tune", value: "true"),
                                    .init(key: "fine_tune_steps", value: "5")]) == .completed)
        #expect(run.cells(fromCache: false) == ["random-backbone", "fine-tune", "compare", "few-shot"])
        let fineTune = try run.output(FineTuneFile.self, cell: "fine-tune")
        let random = try run.output(RandomBackboneFile.self, cell: "random-backbone")
        let tuned = try #require(fineTune.accuracy)
        let randomAccuracy = try #require(random.accuracy)
        let rows = try HistoryCSV.parse(try run.text("fine-tune-history.csv")).epochs
        #expect(rows.count == 5)
        #expect(rows.last?.validationAccuracy == tuned)
        // The HyperRule scaled to 5 steps (supports 1, 2, 3, 4, 5): step 0 warms up from 0, then decays after 2 and 3.
        let base = 0.000375
        let expectedRates: [Double] = [0, base, base, base / 10, base / 10 / 10]
        #expect(rows.map(\.learningRate) == expectedRates)
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        let summary = try run.text("summary.md")
        let percent = { (value: Double) in String(format: "%.2f%%", value * 100) }
        #expect(summary.contains("| head only, random backbone (no pre-training) | \(percent(randomAccuracy)) |"))
        #expect(summary.contains("| head only, checkpoint backbone (cells 5-9) | \(percent(metrics.accuracy)) |"))
        #expect(summary.contains("| whole network fine-tuned (BiT HyperRule, from that head) | \(percent(tuned)) |"))
        // The random backbone's features are stored under their own key, beside the checkpoint's.
        let randomStores = run.featureStores.filter { $0.contains("-random-") }
        #expect(randomStores.count == 1)
        // Few-shot read both backbones' stored features, computing none, and drew the random curve.
        let fewShot = try run.output(FewShotFile.self, cell: "few-shot")
        #expect(fewShot.featuresComputed == 0)
        let trainStore = try run.training.featureStore
        #expect(fewShot.featureStores == [trainStore] + randomStores)
        let randomCurve = try #require(fewShot.random)
        #expect(randomCurve.map(\.examplesPerClass) == [1, 2, 5, 10, nil])
        #expect(fewShot.finding.contains(String(format: "lead over the random backbone: %+.1f points with 10 images per class",
                                                (fewShot.pretrained[3].mean - randomCurve[3].mean) * 100)))
        #expect(summary.contains("| random: mean ± std | min – max |"))
    }

    @Test func theEmbeddedWeightsAreTheCommittedMiniatureWhenTheLessonFolderHasIt() throws {
        let folder = SharedFixtures.temporaryDirectory("lesson-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache")
        // lesson.toml as if it lay in `folder`: the shipped checkpoint is found beside it.
        let lesson = try LessonFile.parse(try String(contentsOf: LessonDefinition.url, encoding: .utf8),
                                          file: folder.appendingPathComponent("lesson.toml"))
        let asset = try #require(lesson.shippedFile("weights"))
        #expect(asset.path == folder.appendingPathComponent("assets/BiT-shapes-R14x0.5.npz").path)
        try FileManager.default.createDirectory(at: asset.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("npz".utf8).write(to: asset)
        let withAsset = try InputResolution.resolve(InputRequest(given: ["data": folder], userCache: cache,
                                                                 lesson: lesson))
        #expect(withAsset.inputs["weights"]?.url.path == asset.path)
        #expect(withAsset.banner?.contains("a miniature BiT pre-trained on synthetic shapes and dead leaves (lesson 61)") == true)
        #expect(withAsset.inputs["weights"]?.description.contains("pre-trained on synthetic shapes and dead leaves by lesson 61") == true)

        try FileManager.default.removeItem(at: asset)
        let without = try InputResolution.resolve(InputRequest(given: ["data": folder], userCache: cache,
                                                               lesson: lesson))
        #expect(without.banner?.contains("a randomly initialised miniature BiT (not pre-trained)") == true)
        #expect(without.inputs["weights"]?.description.contains("is missing; `lesson run 61` rebuilds it") == true)
        #expect(withAsset.profile == nil && without.profile == nil)  // profiles apply by lesson.toml's `when` rule
    }
}
