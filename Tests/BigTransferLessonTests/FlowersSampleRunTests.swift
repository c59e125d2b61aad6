import Foundation
@testable import BigTransferLesson
import LessonKit
import Testing
import TestSupport
import Training

/// Lesson 62 on the 200 real tf_flowers photos of `../shared` with the bit-tiny checkpoint.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct FlowersSampleRunTests {
    @Test func realPhotosSplitAsTFDSAndTheSummaryNamesTheInputs() throws {
        let run = LessonRun()
        let data = SharedFixtures.flowersSample, weights = SharedFixtures.bitTiny.appendingPathComponent("weights.npz")
        let outcome = try run.run(RunRequest(assignments: [
            .init(key: "resize_to", value: "96"), .init(key: "crop_to", value: "64"),
            .init(key: "batch_size", value: "32"), .init(key: "steps_per_epoch", value: "2"),
            .init(key: "schedule_length", value: "4"),
        ], inputs: ["data": data, "weights": weights]))
        #expect(outcome == .completed, "\(run.output)")

        // The default split is tfds': its record order and percent slices, as written by tfds' own
        // code into the fixture (scripts/tfds-split-fixture.py): round(200 x 0.85) = 170 / 30.
        let dataset = try run.dataset
        #expect(dataset.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
        #expect(dataset.files.count == 200)
        #expect(dataset.files.allSatisfy { $0.hasSuffix(".jpg") })
        let fixture = try RecordOrderSplitFixture.rows()
        #expect(dataset.trainIndices.map { dataset.files[$0] } == fixture.filter { $0.subset == "train" }.map(\.key))
        #expect(dataset.validationIndices.map { dataset.files[$0] } == fixture.filter { $0.subset == "validation" }.map(\.key))
        // split.csv says the same, file by file.
        let lines = try run.text("split.csv").split(separator: "\n").map(String.init)
        #expect(lines.first == "file,class,subset")
        let subsets = Dictionary(uniqueKeysWithValues: fixture.map { ($0.key, $0.subset) })
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            #expect(fields.count == 3 && subsets[fields[0]] == fields[2] && fields[0].hasPrefix(fields[1] + "/"), "\(line)")
        }
        #expect(lines.count == 201)
        try ProseCheck.expectNarratives(of: run)
        try ProseCheck.expectRecordMatchesState(of: run)
        #expect(run.record?.profile == nil, "bit-tiny is not the miniature: the Keras defaults apply")

        let summary = try run.text("summary.md")
        #expect(summary.contains("image folder \(data.path) (--data)"))
        #expect(summary.contains("BiT checkpoint \(weights.path) (--weights)"))
        // bit-tiny's head: 64 x 4 widths x 4 = 2,048 inputs, 5 outputs, and 5 biases.
        #expect(summary.contains("| original head | 5 classes, 10,245 parameters (replaced in the next cell) |"))
        #expect(try classCountTable(summary).last == ["**total**", "170", "30", "200"])
        #expect(summary.contains("Split as tfds splits tf_flowers for the Keras lesson (`split=tfds`)"))

        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(metrics.confusion.joined().reduce(0, +) == 30)
        let rows = try HistoryCSV.parse(try run.text("history.csv")).epochs
        #expect(rows.count == 2)
        #expect(PNGHeader(contentsOf: run.outputFile("02-samples.png")) != nil)
        try Self.expectTruthfulWarning(try #require(run.record))
    }

    /// `lesson run 62 --data flowers-sample` without --weights: the shipped miniature, so its
    /// profile applies (settings follow the weights, not the data), and --set still wins.
    @Test func theMiniatureOnRealPhotosUsesTheMiniaturesSettings() throws {
        let run = LessonRun()
        let outcome = try run.run(RunRequest(assignments: [
            .init(key: "compare_random_backbone", value: "false"), .init(key: "fine_tune", value: "false"),
        ], inputs: ["data": SharedFixtures.flowersSample]))
        #expect(outcome == .completed, "\(run.output)")
        let record = try #require(run.record)
        #expect(record.profile == "miniature")
        let origin = { (name: String) in record.parameters.first { $0.name == name } }
        #expect(origin("learning_rate")?.value == "0.01" && origin("learning_rate")?.origin == .profile)
        #expect(origin("standardize_features")?.value == "true" && origin("resize_to")?.value == "224")
        #expect(origin("compare_random_backbone")?.value == "false" && origin("compare_random_backbone")?.origin == .commandLine)
        #expect(run.output.contains("Profile 'miniature' (whenever input `weights` is the lesson's assets/BiT-shapes-R14x0.5.npz"))
        try ProseCheck.expectNarratives(of: run)
        try ProseCheck.expectRecordMatchesState(of: run)
        let summary = try run.text("summary.md")
        #expect(summary.contains("This run's backbone is the miniature BiT that lesson 61 pre-trained"))
        #expect(summary.contains("pre-trained on lesson 61's synthetic shapes and dead-leaves images (its head: the 56 shapes classes)"))
        #expect(summary.contains("This run's data is the image folder `flowers-sample`: 200 images in 5 classes"))
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(metrics.confusion.joined().reduce(0, +) == 30)
        try Self.expectTruthfulWarning(record)
    }

    /// When the train cell says the head did not learn, each reason it gives is true of the
    /// numbers it quotes: 13 of the 30 validation photos of the tfds split are sunflowers.
    static func expectTruthfulWarning(_ record: RunRecord) throws {
        guard let warning = record.cell("train")?.warnings?.first else { return }
        func number(after prefix: String, upTo end: Character) -> Double? {
            guard let range = warning.range(of: prefix) else { return nil }
            return Double(warning[range.upperBound...].prefix { $0 != end })
        }
        if let accuracy = number(after: "it keeps ", upTo: "%") {
            let majority = 100 * 13.0 / 30, margin = 100 * LearningCheck.margin
            #expect(accuracy <= majority + margin)
            let phrase = accuracy < majority - margin ? "below the 43.33%" : "within 5 points of the 43.33%"
            #expect(warning.contains(phrase), "\(warning)")
        }
        if let loss = number(after: "its validation loss (", upTo: ",") {
            let phrase = loss > log(5) / LearningCheck.uniformLoss ? "is above ln 5 = 1.6094" : "is within 2% of ln 5"
            #expect(warning.contains(phrase), "\(warning)")
        }
    }
}

/// The tfds split fixture written by tfds' own code (Tests/ImagePipelineTests/Fixtures).
enum RecordOrderSplitFixture {
    static func rows() throws -> [(key: String, subset: String)] {
        let url = SharedFixtures.repositoryRoot
            .appendingPathComponent("Tests/ImagePipelineTests/Fixtures/tfds-split-flowers-sample.csv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",").map(String.init)
            return (fields[1], fields[2])
        }
    }
}
