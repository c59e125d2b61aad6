import Foundation
import LessonKit
import TestSupport
import Testing
@testable import UpstreamLesson

/// Lesson 62's head training as lesson 61's link `head_training` reads it from the repository's lessons.
enum LinkedSettings {
    static let lessons = SharedFixtures.repositoryRoot.appendingPathComponent("lessons")

    static let headTraining = Result { () throws -> HeadTrainingSettings in
        let lesson = try LessonFile.load(lessons.appendingPathComponent("61-bit-upstream/lesson.toml"))
        return try #require(try lesson.resolveLinks()["head_training"]).decode(HeadTrainingSettings.self)
    }
}

/// Lesson 61's links to lesson 62, resolved through the lessons folder.
@Suite struct LinkedSettingsTests {
    @Test func theTransferCellTrainsTheHeadWithLesson62sMiniatureSettings() throws {
        let settings = try LinkedSettings.headTraining.get()
        // Lesson 62's own file, resolved under its miniature profile, says what they must be.
        let lesson62 = try LessonFile.load(LinkedSettings.lessons.appendingPathComponent("62-big-transfer/lesson.toml"))
        let miniature = try ResolvedParameters(lesson: lesson62, profile: "miniature", assignments: [])
        #expect(miniature["learning_rate"] == .double(settings.learningRate))
        #expect(miniature["batch_size"] == .int(settings.batchSize))
        #expect(miniature["momentum"] == .double(settings.momentum))
        #expect(miniature["steps_per_epoch"] == .int(settings.stepsPerEpoch))
        #expect(miniature["schedule_boundaries"] == .ints(settings.scheduleBoundaries))
        #expect(miniature["standardize_features"] == .bool(settings.standardizeFeatures))
        // The profile applies: its learning rate and standardized features, not lesson 62's defaults.
        #expect(lesson62.parameter("learning_rate")?.defaultValue != .double(settings.learningRate))
        #expect(lesson62.parameter("standardize_features")?.defaultValue == .bool(false) && settings.standardizeFeatures)
    }

    @Test func theCommittedCheckpointIsTheFileLesson62ShipsForItsWeights() throws {
        let lesson = try LessonFile.load(LinkedSettings.lessons.appendingPathComponent("61-bit-upstream/lesson.toml"))
        let lesson62 = try LessonFile.load(LinkedSettings.lessons.appendingPathComponent("62-big-transfer/lesson.toml"))
        for name in ["committed", "baseline"] {
            let input = try #require(try lesson.linkedInput(name))
            #expect(input.url.standardizedFileURL == lesson62.shippedFile("weights")?.standardizedFileURL)
            #expect(input.origin == .shipped && input.mayBeAbsent && input.exists)
        }
        let committed = try #require(try lesson.linkedInput("committed"))
        #expect(lesson.repositoryPath(committed.url) == "lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz")
    }

    /// A change of lesson 62's miniature learning rate reruns lesson 61's transfer cell (and nothing
    /// before it); a change of a lesson 62 parameter the probe does not read reruns nothing.
    @Test func aChangedLinkedValueRerunsTheTransferCellOnly() throws {
        let root = SharedFixtures.temporaryDirectory("upstream-link-key")
        let file = try UpstreamProgramTests.lessonFilesWithoutCheckpoint(in: root)
        let transferKey = {
            RunRecord.load(from: ArtifactStore(outputRoot: root, lesson: 61))?.cells.first { $0.name == "transfer" }?.key
        }
        let (first, output) = try UpstreamProgramTests.run(in: root, lessonFile: file)
        #expect(first == .completed, "\(output)")
        let key = try #require(transferKey())
        let lesson62 = root.appendingPathComponent("lessons/62-big-transfer/lesson.toml")
        func edit(_ old: String, _ new: String) throws {
            let text = try String(contentsOf: lesson62, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(to: lesson62, atomically: true, encoding: .utf8)
        }
        try edit("fine_tune_steps = 15 }", "fine_tune_steps = 16 }")
        let (_, unread) = try UpstreamProgramTests.run(in: root, lessonFile: file)
        #expect(unread.contains("[6/6] transfer — Measure transfer with a linear probe: loaded from cache"), "\(unread)")
        #expect(transferKey() == key)
        try edit("learning_rate = 0.01,", "learning_rate = 0.02,")
        let (again, changed) = try UpstreamProgramTests.run(in: root, lessonFile: file)
        #expect(again == .completed, "\(changed)")
        #expect(changed.contains("[3/6] pretrain — Pre-train on the upstream data: loaded from cache"), "\(changed)")
        #expect(changed.contains("[6/6] transfer — Measure transfer with a linear probe\n"), "\(changed)")
        #expect(transferKey() != key)
        #expect(try String(contentsOf: root.appendingPathComponent("61/summary.md"), encoding: .utf8)
            .contains("learning rate 0.02 divided by 10 after steps"))
    }
}
