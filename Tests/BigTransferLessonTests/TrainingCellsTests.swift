import Foundation
import LessonKit
import Testing
import Training

/// The train, plot-history and evaluate cells under the cache rules: what a second run,
/// a rerun of train with another learning rate, or a bad setting computes.
@Suite struct TrainingCellsTests {
    static let allCells = ["setup", "load-dataset", "visualize", "define-pipeline", "load-model", "build-head",
                           "train", "plot-history", "evaluate", "random-backbone", "fine-tune", "compare",
                           "few-shot"]

    @Test func secondRunLoadsEveryCellFromTheCacheAndPublishesItsFilesAgain() throws {
        let run = try LessonRun.copyOfBaseline()
        let metricsBefore = try run.text("metrics.json")
        let trainingBefore = try run.training
        try FileManager.default.removeItem(at: run.outputFile("04-history.png"))
        try FileManager.default.removeItem(at: run.outputFile("metrics.json"))

        #expect(try run.run() == .completed)
        #expect(run.cells(fromCache: true) == Self.allCells)
        #expect(run.cells(fromCache: false) == [])
        #expect(run.output.contains("[7/13] train — Train the head: loaded from cache"))
        #expect(try run.text("metrics.json") == metricsBefore)
        #expect(PNGHeader(contentsOf: run.outputFile("04-history.png")) == PNGHeader(width: 2800, height: 880))
        #expect(try run.training.trainFeatureMisses == trainingBefore.trainFeatureMisses)
        #expect(try run.text("summary.md").contains("13 of 13 cells done (13 loaded from cache)"))
    }

    @Test func rerunningTrainWithAnotherLearningRateRunsNoBackboneAndMarksItsDescendantsStale() throws {
        let run = try LessonRun.copyOfBaseline()
        let storesBefore = run.featureStores
        let baselineRows = try HistoryCSV.parse(try run.text("history.csv")).epochs
        let metricsBefore = try run.text("metrics.json")

        #expect(try run.run(cells: ["train"], extra: [.init(key: "learning_rate", value: "0.03")]) == .completed)
        #expect(run.cells(fromCache: false) == ["train"])
        // random-backbone trains its head with the same learning rate: not run, as it is not selected.
        #expect(run.cells(fromCache: true) == Array(Self.allCells.prefix(6)))
        #expect(run.cells(fromCache: false, status: .stale) == ["plot-history", "evaluate", "fine-tune", "compare",
                                                                  "few-shot"])
        #expect(run.output.contains("[9/13] evaluate — Evaluate on the validation set: stale (upstream 'train' changed)"))

        // Every training draw came from the feature cache: no backbone pass at all.
        let training = try run.training
        #expect(training.trainFeatureMisses == 0)
        #expect(training.trainFeatureHits == TinyInputs.steps * TinyInputs.batchSize)
        #expect(run.featureStores == storesBefore)

        // The new history is published; it starts from the same zero head at another rate.
        let rows = try HistoryCSV.parse(try run.text("history.csv")).epochs
        #expect(rows.count == TinyInputs.epochs)
        #expect(rows.map(\.learningRate) == Array(repeating: 0.03, count: TinyInputs.epochs))
        #expect(baselineRows.map(\.learningRate) == Array(repeating: 0.003, count: TinyInputs.epochs))
        #expect(rows.map(\.trainLoss) != baselineRows.map(\.trainLoss))
        // The evaluation is the stale one, marked as such in the summary.
        #expect(try run.text("metrics.json") == metricsBefore)
        let summary = try run.text("summary.md")
        #expect(summary.contains("Run `lesson run 62 --cell plot-history` to refresh them."))
        #expect(summary.contains("Run `lesson run 62 --cell evaluate` to refresh them."))
        #expect(summary.contains("5 stale"))
    }

    @Test func downstreamRerunRefreshesTheEvaluationWithTheNewHead() throws {
        let run = try LessonRun.copyOfBaseline()
        let request = RunRequest(cells: ["train"], downstream: true,
                                 assignments: TinyInputs.settings + [.init(key: "learning_rate", value: "0.03")],
                                 inputs: ["data": try TinyInputs.shared.get().data,
                                          "weights": try TinyInputs.shared.get().weights])
        #expect(try run.run(request) == .completed)
        #expect(run.cells(fromCache: false) == ["train", "plot-history", "evaluate", "random-backbone", "fine-tune",
                                                "compare", "few-shot"])
        #expect(run.cells(fromCache: false, status: .stale) == [])
        let rowsParsed = try HistoryCSV.parse(try run.text("history.csv"))
        let (rows, restored) = (rowsParsed.epochs, rowsParsed.restoredEpoch)
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(metrics.restoredEpoch == restored)
        let restoredRow = try #require(rows.first { $0.epoch == restored })
        #expect(abs(metrics.accuracy - restoredRow.validationAccuracy) < 1e-9)
        #expect(try run.training.trainFeatureMisses == 0)
    }

    @Test func faithfulModeRunsTheBackboneOnEveryDrawAndStoresNothingNew() throws {
        let run = try LessonRun.copyOfBaseline()
        let storesBefore = run.featureStores
        #expect(try run.run(cells: ["train"], extra: [.init(key: "feature_mode", value: "faithful")]) == .completed)
        let training = try run.training
        #expect(training.trainFeatureMisses == TinyInputs.steps * TinyInputs.batchSize)
        #expect(training.trainFeatureHits == 0)
        #expect(run.featureStores == storesBefore)
        #expect(run.output.contains("backbone passes during training: every batch (faithful mode)"))
    }

    @Test func unknownFeatureModeIsRefusedBeforeAnyCellRunsWithTheValidChoices() throws {
        let run = try LessonRun.copyOfBaseline()
        let recordBefore = run.record
        let error = #expect(throws: ParameterError.self) {
            try run.run(cells: ["train"], extra: [.init(key: "feature_mode", value: "bogus")])
        }
        #expect(error?.description == "parameter feature_mode = bogus is out of range: it must be one of cached, "
                + "faithful. Choose a value in range, for example --set feature_mode=cached.")
        #expect(run.record == recordBefore, "no cell ran")
    }

    @Test func batchLargerThanTheTrainingSplitFailsTheTrainCellBeforeAnyBackbonePass() throws {
        let run = try LessonRun.copyOfBaseline()
        let stores = run.featureStores
        let outcome = try run.run(cells: ["train"], extra: [.init(key: "batch_size", value: "1000"),
                                                           .init(key: "seed", value: "5")])
        let training = TinyInputs.trainPerClass * 5
        #expect(outcome == .failed(cell: "train", message: "parameter batch_size = 1000 is out of range: it must be "
            + "1 ... \(training) (the training images). Choose a value in range, for example --set batch_size=\(training)."))
        #expect(run.featureStores == stores, "no feature was computed for the new seed")
    }

    @Test func aTruncatedHeadIsFoundOnLoadAndRecomputedWithWhatDependsOnIt() throws {
        let run = try LessonRun.copyOfBaseline()
        let output = try run.stateDirectory("train").appendingPathComponent("output.json")
        let head = try run.output(TrainedHeadFile.self, cell: "train").head
        let bytes = try Data(contentsOf: output)
        try bytes.prefix(bytes.count / 2).write(to: output)
        #expect(try run.run() == .completed, "\(run.output)")
        #expect(run.output.contains("train: cached result damaged (output.json changed since it was written), "
                                    + "recomputing (and the cells that depend on it)\n"))
        #expect(run.cells(fromCache: false) == ["train", "plot-history", "evaluate", "fine-tune", "compare",
                                                "few-shot"])
        #expect(try run.output(TrainedHeadFile.self, cell: "train").head == head, "the same head again, bit for bit")
    }

    /// The head in the train cell's output.
    struct TrainedHeadFile: Decodable {
        struct Head: Decodable, Equatable {
            var weights: [Float]
            var bias: [Float]
        }
        var head: Head
    }
}
