import Foundation
import LessonKit
import TestSupport
import Testing
import Training

/// Lesson 62's offline default end to end: the synthetic flowers and the miniature BiT that
/// lesson 61 pre-trained, committed in lessons/62-big-transfer/assets/.
@Suite struct EmbeddedDefaultTests {
    struct Outcome: Decodable {
        var accuracy: Double?
    }

    struct FewShotOutcome: Decodable {
        struct Point: Decodable { var mean: Double }
        var pretrained: [Point]
        var random: [Point]?
        var featuresComputed: Int
        var allImages: Int
    }

    @Test func thePretrainedMiniatureTransfersToTheSyntheticFlowers() throws {
        let run = LessonRun()
        #expect(try run.run(RunRequest()) == .completed)
        let summary = try run.text("summary.md")
        #expect(summary.contains("a miniature BiT pre-trained on synthetic shapes and dead leaves (lesson 61)"))
        let metrics = try Evaluation.read(from: run.outputFile("metrics.json"))
        let random = try #require(try run.output(Outcome.self, cell: "random-backbone").accuracy)
        let tuned = try #require(try run.output(Outcome.self, cell: "fine-tune").accuracy)
        // 92.73% (102 of 110) on the development machine.
        #expect(metrics.accuracy >= 0.9, "head on the pre-trained miniature: \(metrics.accuracy)")
        #expect(random < metrics.accuracy - 0.1, "random backbone \(random) vs pre-trained \(metrics.accuracy)")
        #expect(abs(tuned - metrics.accuracy) < 0.05, "fine-tuned \(tuned), from the head at \(metrics.accuracy)")
        // Few-shot: read from the stored features, and the pre-trained curve above the random one at every
        // size (on the development machine by 21 to 30 points: 56.6% vs 35.5% with 1 image per class).
        let fewShot = try run.output(FewShotOutcome.self, cell: "few-shot")
        let randomCurve = try #require(fewShot.random)
        #expect(fewShot.featuresComputed == 0 && fewShot.allImages == 638)
        #expect(fewShot.pretrained.count == 6 && randomCurve.count == 6)
        for (pretrained, random) in zip(fewShot.pretrained, randomCurve) {
            #expect(pretrained.mean > random.mean + 0.1, "\(pretrained.mean) vs \(random.mean)")
        }
        #expect(PNGHeader(contentsOf: run.outputFile("08-few-shot.png")) == PNGHeader(width: 1840, height: 920))
        // The miniature's settings apply by lesson.toml's rule, and the prose is this run's.
        #expect(run.record?.profile == "miniature")
        try ProseCheck.expectNarratives(of: run)
        try ProseCheck.expectRecordMatchesState(of: run)
        #expect(summary.contains("This run's data is the embedded synthetic flowers (drawn by the lesson, not photographed): "
                                 + "750 images in 5 classes"))
        #expect(summary.contains("The backbone maps an image to 1,024 numbers"))
        #expect(!summary.contains("Warning from"))
    }
}
