import Foundation
import SyntheticFlowers
import Testing
import TestSupport

/// Faults met by a real `lesson` process: Ctrl-C during head training, two runs on one
/// output folder, a failing cell seen on stderr, an output path that cannot be a folder.
@Suite(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
struct RobustnessCLITests {
    /// Lesson 62 on 12 synthetic 64x64 flowers a class and the committed miniature, with a
    /// schedule of a million steps that early stopping never ends: head training runs until stopped.
    static func endlessHeadTraining(_ cli: LessonBinary) throws -> [String] {
        let data = cli.root.appendingPathComponent("flowers")
        try SyntheticFlowers(seed: 3, imageSize: 64).writeDataset(to: data, imagesPerClass: 12)
        let weights = cli.lessons.appendingPathComponent("62-big-transfer/assets/BiT-shapes-R14x0.5.npz")
        return ["run", "62", "--data", data.path, "--weights", weights.path,
                "--set", "resize_to=64", "--set", "crop_to=48", "--set", "batch_size=16",
                "--set", "schedule_length=1000000", "--set", "patience=100000", "--set", "feature_views=1"]
    }

    /// Starts `arguments` and waits until its output contains `marker`.
    static func start(_ cli: LessonBinary, _ arguments: [String], until marker: String) throws -> (Process, Seen) {
        let (process, stdout, _) = cli.process(arguments)
        let seen = Seen()
        stdout.fileHandleForReading.readabilityHandler = { handle in seen.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(600)
        while !seen.text.contains(marker) && process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        return (process, seen)
    }

    @Test func ctrlCDuringHeadTrainingExits130WithinTwoSecondsKeepingFinishedCells() throws {
        let cli = LessonBinary()
        let (process, seen) = try Self.start(cli, try Self.endlessHeadTraining(cli), until: "  epoch   2  loss")
        try #require(process.isRunning, "the run ended before head training: \(seen.text)")
        let sent = Date()
        process.interrupt()
        process.waitUntilExit()
        let latency = Date().timeIntervalSince(sent)
        #expect(process.terminationStatus == 130)
        #expect(latency < 2, "exited \(latency) s after Ctrl-C")
        #expect(seen.text.contains("[7/13] train — Train the head"))
        #expect(seen.text.contains("  interrupted after"), "the cell stopped at a check, not by the forced exit")
        #expect(seen.text.contains("nothing of this cell was cached"))
        let record = try #require(cli.outputFile(".cache/run.json", lesson: 62))
        #expect(record.contains("\"status\" : \"interrupted\""))
        for cell in ["load-dataset", "load-model", "build-head"] {
            let states = try FileManager.default.contentsOfDirectory(
                atPath: cli.output.appendingPathComponent("62/.cache/\(cell)").path)
            #expect(states.count == 1, "\(cell) is kept")
        }
        let train = (try? FileManager.default.contentsOfDirectory(
            atPath: cli.output.appendingPathComponent("62/.cache/train").path)) ?? []
        #expect(train.isEmpty, "no state, not even a partial folder, for the interrupted cell: \(train)")
    }

    @Test func aSecondRunOnTheSameFolderExitsAtOnceNamingTheFirstAndCleanWaitsToo() throws {
        let cli = LessonBinary()
        let (first, seen) = try LessonCLITests.startSlowTour(cli)
        defer { if first.isRunning { first.interrupt(); first.waitUntilExit() } }
        try #require(first.isRunning, "the first run ended early: \(seen.text)")

        let second = try cli.run("run", "0")
        #expect(second.status == 1)
        #expect(second.stderr.contains("/output/0 is in use by another lesson run: process \(first.processIdentifier), "
                                       + "started "), "\(second.stderr)")
        #expect(!second.stdout.contains("[1/3]"), "no cell started")

        let clean = try cli.run("clean", "0")
        #expect(clean.status == 1)
        #expect(clean.stderr.contains("is in use by another lesson run: process \(first.processIdentifier)"))
        #expect(FileManager.default.fileExists(atPath: cli.output.appendingPathComponent("0/.cache").path))

        first.interrupt()
        first.waitUntilExit()
        #expect(first.terminationStatus == 130)
        let after = try cli.run("run", "0", "--set", "delay_ms=0")
        #expect(after.status == 0, "the lock went with the first process: \(after.stderr)")
    }

    @Test func aFailingCellsErrorGoesToStderrToo() throws {
        let cli = LessonBinary()
        let data = cli.root.appendingPathComponent("numbers")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("1\nthree\n".utf8).write(to: data.appendingPathComponent("a.txt"))
        let failed = try cli.run("run", "0", "--data", data.path)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("lesson 0: cell 'read-numbers' failed: a.txt, line 2: 'three' is not a number."))
    }

    @Test func anOutputPathThatCannotBeAFolderSaysWhatIsInTheWay() throws {
        let cli = LessonBinary()
        let blocker = cli.root.appendingPathComponent("blocked")
        try Data().write(to: blocker)
        let result = try cli.run("run", "0", "--output", "blocked/out")
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(blocker.path) is a file, not a folder"), "\(result.stderr)")
        #expect(!result.stderr.contains("permissions"))
    }

    @Test func anOutOfRangeSettingIsRefusedBeforeAnythingRuns() throws {
        let cli = LessonBinary()
        let result = try cli.run("run", "62", "--set", "train_fraction=1.5")
        #expect(result.status != 0)
        #expect(result.stderr.contains("parameter train_fraction = 1.5 is out of range: it must be 0.05 ... 0.95. "
                                       + "Choose a value in range, for example --set train_fraction=0.85."))
        #expect(!FileManager.default.fileExists(atPath: cli.output.path), "nothing was written")
    }
}

extension LessonCLITests {
    /// Starts `lesson run 0` with a slow first cell (2 s a file) and waits until that cell runs.
    static func startSlowTour(_ cli: LessonBinary) throws -> (Process, Seen) {
        _ = try cli.run("run", "0")  // generates the numbers
        return try RobustnessCLITests.start(cli, ["run", "0", "--set", "delay_ms=2000"],
                                            until: "[1/3] read-numbers — Read the numbers\n")
    }
}
