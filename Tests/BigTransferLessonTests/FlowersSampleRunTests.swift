import Foundation
import LessonKit
import Testing
import TestSupport
import Training

/// Lesson 62 on the 200 real tf_flowers photos of `../shared` with the bit-tiny checkpoint.
@Suite(.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage))
struct FlowersSampleRunTests {
    @Test func realPhotosSplitThirtyFourToSixPerClassAndTheSummaryNamesTheInputs() throws {
        let run = LessonRun()
        let data = SharedFixtures.flowersSample, weights = SharedFixtures.bitTiny.appendingPathComponent("weights.npz")
        let outcome = try run.run(RunRequest(assignments: [
            .init(key: "resize_to", value: "96"), .init(key: "crop_to", value: "64"),
            .init(key: "batch_size", value: "32"), .init(key: "steps_per_epoch", value: "2"),
            .init(key: "schedule_length", value: "4"),
        ], data: data, weights: weights))
        #expect(outcome == .completed, "\(run.output)")

        // 40 photos a class: round(40 x 0.85) = 34 train, 6 validation.
        let dataset = try run.dataset
        #expect(dataset.classNames == ["daisy", "dandelion", "roses", "sunflowers", "tulips"])
        #expect(dataset.files.count == 200)
        #expect(dataset.counts(dataset.trainIndices) == [34, 34, 34, 34, 34])
        #expect(dataset.counts(dataset.validationIndices) == [6, 6, 6, 6, 6])
        #expect(dataset.files.allSatisfy { $0.hasSuffix(".jpg") })

        let summary = try run.text("summary.md")
        #expect(summary.contains("image folder \(data.path) (--data)"))
        #expect(summary.contains("BiT checkpoint \(weights.path) (--weights)"))
        #expect(summary.contains("| original head | 5 classes (replaced in the next cell) |"))
        #expect(try classCountTable(summary).last == ["**total**", "170", "30", "200"])

        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        #expect(metrics.confusion.joined().reduce(0, +) == 30)
        let (rows, _) = try HistoryCSV.parse(try run.text("history.csv"))
        #expect(rows.count == 2)
        #expect(PNGHeader(contentsOf: run.outputFile("02-samples.png")) != nil)
    }
}
