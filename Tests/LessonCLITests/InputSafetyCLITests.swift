import BiT
import Foundation
import NumPyIO
import Tensors
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Inputs that crashed, hung or silently misled the commands other than `lesson run`'s cells:
/// sizes no machine has memory for, pipes and devices as files, outputs over inputs or inside
/// the data, a folder `clean` did not write, SIGTERM and SIGHUP.
@Suite(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
struct InputSafetyCLITests {
    static let miniature = SharedFixtures.repositoryRoot
        .appendingPathComponent("lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz")

    /// Runs `arguments`, killing the process after `seconds` (a hang is a failure, not a stuck suite).
    static func run(_ cli: LessonBinary, _ arguments: [String], seconds: Double = 60) throws -> LessonBinary.Result {
        let (process, stdout, stderr) = cli.process(arguments)
        // Only the lesson subcommands take --lessons, which `process` adds after the first word.
        if !["run", "clean", "show", "fetch", "open", "list"].contains(arguments[0]) { process.arguments = arguments }
        let out = Seen(), err = Seen()
        stdout.fileHandleForReading.readabilityHandler = { out.append($0.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { err.append($0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("lesson \(arguments.joined(separator: " ")) still ran after \(seconds) s")
        }
        process.waitUntilExit()
        // What the handlers have not taken yet is read to the end (the writer has exited).
        stdout.fileHandleForReading.readabilityHandler = nil
        stderr.fileHandleForReading.readabilityHandler = nil
        out.append(stdout.fileHandleForReading.readDataToEndOfFile())
        err.append(stderr.fileHandleForReading.readDataToEndOfFile())
        return LessonBinary.Result(status: process.terminationStatus, stdout: out.text, stderr: err.text)
    }

    /// A folder of two classes of one (undecoded) image each: enough for the listing checks.
    static func dataFolder(in cli: LessonBinary) throws -> URL {
        let data = cli.root.appendingPathComponent("data")
        for name in ["a", "b"] {
            let folder = data.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data([0xFF, 0xD8]).write(to: folder.appendingPathComponent("1.jpg"))
        }
        return data
    }

    @Test(arguments: [
        ["bench", "model", "--size", "100000"],
        ["bench", "model", "--size", "64", "--batch", "100000"],
        ["bench", "train", "--size", "100000"],
        ["embed", "--weights", miniature.path, "--images", "DATA", "--size", "100000", "--output", "x.npy"],
        ["bench", "pipeline", "--data", "DATA", "--resize", "100000"],
    ])
    func sizesBeyondTheMemoryBudgetAreRefusedBeforeAllocating(arguments: [String]) throws {
        let cli = LessonBinary()
        let data = try Self.dataFolder(in: cli)
        let result = try Self.run(cli, arguments.map { $0 == "DATA" ? data.path : $0 })
        #expect(result.status == 64 || result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("would need about"), "\(result.stderr)")
        #expect(result.stderr.contains("this process may use"))
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("backtrace"))
    }

    @Test func aPipeOrADeviceAsWeightsIsRefusedAtOnce() throws {
        let cli = LessonBinary()
        let fifo = cli.root.appendingPathComponent("weights.npz")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        let input = cli.root.appendingPathComponent("x.npy")
        try NumPyFile.write(Tensor(repeating: 0.5, shape: [1, 32, 32, 3]), to: input)
        let data = try Self.dataFolder(in: cli)
        for weights in [fifo.path, "/dev/zero"] {
            let kind = weights == "/dev/zero" ? "a character device" : "a pipe (FIFO)"
            for arguments in [["embed", "--weights", weights, "--input", input.path, "--output", "y.npy"],
                              ["bench", "model", "--weights", weights],
                              ["run", "62", "--weights", weights, "--data", data.path]] {
                let result = try Self.run(cli, arguments, seconds: 30)
                #expect(result.status != 0)
                #expect(result.stderr.contains("\(weights) is \(kind), not a regular file"), "\(result.stderr)")
                #expect(!result.stderr.contains("damaged") && !result.stderr.contains("truncated"))
            }
        }
    }

    /// A two-block miniature without a head, and an input of 1 image of 32x32.
    static func headless(in cli: LessonBinary) throws -> (weights: URL, input: URL) {
        let config = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
        let weights = cli.root.appendingPathComponent("headless.npz")
        try NumPyArchive.write(config.randomArrays(headClasses: nil), to: weights)
        let input = cli.root.appendingPathComponent("images.npy")
        try NumPyFile.write(Tensor(repeating: 0.5, shape: [2, 32, 32, 3]), to: input)
        return (weights, input)
    }

    @Test func embedRefusesToOverwriteItsInputAndNamesTheCheckpointWithoutAHead() throws {
        let cli = LessonBinary()
        let (weights, input) = try Self.headless(in: cli)
        let before = try Data(contentsOf: input)
        let same = try Self.run(cli, ["embed", "--weights", weights.path, "--input", input.path,
                                      "--output", input.path])
        #expect(same.status != 0)
        #expect(same.stderr.contains("is the same file as --input \(input.path)"), "\(same.stderr)")
        #expect(try Data(contentsOf: input) == before, "the input is intact")

        let logits = try Self.run(cli, ["embed", "--weights", weights.path, "--input", input.path,
                                        "--output", "out.npy", "--logits"])
        #expect(logits.status != 0)
        #expect(logits.stderr.contains("\(weights.path) has no classification head"), "\(logits.stderr)")
        #expect(!logits.stderr.contains("\(input.path):"), "the input is not blamed")

        let ok = try Self.run(cli, ["embed", "--weights", weights.path, "--input", input.path, "--output", "out.npy"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func embedRefusesANaNPixel() throws {
        let cli = LessonBinary()
        let (weights, input) = try Self.headless(in: cli)
        var images = Tensor(repeating: 0.5, shape: [1, 32, 32, 3])
        images.scalars[7] = .nan
        try NumPyFile.write(images, to: input)
        let result = try Self.run(cli, ["embed", "--weights", weights.path, "--input", input.path, "--output", "o.npy"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(input.path): element 7 is nan"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("o.npy").path))
    }

    @Test func embedNamesAClassFolderWhoseNameIsNotUTF8() throws {
        let cli = LessonBinary()
        let data = try Self.dataFolder(in: cli)
        let latin1 = (Array(data.path.utf8) + Array("/ros".utf8) + [0xE9] + Array("s".utf8) + [0])
            .map { CChar(bitPattern: $0) }
        try #require(mkdir(latin1, 0o755) == 0)
        let result = try Self.run(cli, ["embed", "--weights", Self.miniature.path, "--images", data.path,
                                        "--size", "32", "--output", "features.npy"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(data.path) holds 'ros\\xE9s', whose name is not valid UTF-8"),
                "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("features.npy").path))
    }

    /// Found by probing: the row list put "a<newline>b.jpg" on two lines, shifting every later
    /// row's name onto the wrong features.
    @Test func embedRefusesANameWithALineBreak() throws {
        let cli = LessonBinary()
        let data = try Self.dataFolder(in: cli)
        try Data([0xFF, 0xD8]).write(to: data.appendingPathComponent("a/two\nlines.jpg"))
        let result = try Self.run(cli, ["embed", "--weights", Self.miniature.path, "--images", data.path,
                                        "--size", "32", "--output", "features.npy"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("has a line break in its name"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.root.appendingPathComponent("features.npy").path))
    }

    /// Root reads any folder whatever its mode, so as root the command runs as `nobody` (setpriv).
    @Test(.enabled(if: geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "skipped: running as root without /usr/bin/setpriv to drop the privilege"))
    func anUnreadableClassFolderIsCalledUnreadableNotMissing() throws {
        let cli = LessonBinary()
        let data = try Self.dataFolder(in: cli)
        let roses = data.appendingPathComponent("roses")
        try FileManager.default.createDirectory(at: roses, withIntermediateDirectories: true)
        try #require(chmod(roses.path, 0o000) == 0)
        defer { chmod(roses.path, 0o755) }
        for folder in [cli.root, data, data.appendingPathComponent("a"), data.appendingPathComponent("b")] {
            chmod(folder.path, 0o755)
        }
        let (process, stdout, stderr) = cli.process(["bench"])
        let arguments = ["bench", "pipeline", "--data", data.path]
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", LessonBinary.executable.path]
                + arguments
        } else {
            process.arguments = arguments
        }
        try process.run()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        _ = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: err, as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(text.contains("\(roses.path) cannot be read (permission denied)"), "\(text)")
        #expect(!text.contains("is not a folder"))
    }

    @Test func runRefusesAnOutputFolderInsideTheData() throws {
        let cli = LessonBinary()
        let data = try Self.dataFolder(in: cli)
        for output in [data.path, data.appendingPathComponent("a").path] {
            let result = try Self.run(cli, ["run", "62", "--data", data.path, "--output", output])
            #expect(result.status != 0)
            #expect(result.stderr.contains("is the data folder \(data.path) or inside it"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: output + "/62"), "nothing was written")
        }
    }

    @Test func anOutputFolderThatIsALinkLoopIsNamedAsOne() throws {
        let cli = LessonBinary()
        let loop = cli.root.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
        let result = try Self.run(cli, ["run", "0", "--output", loop.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(loop.path) is a symbolic link that leads back to itself"), "\(result.stderr)")
        #expect(!result.stderr.contains("could not be created"))
    }

    @Test func aParameterSetTwiceIsRefused() throws {
        let result = try Self.run(LessonBinary(), ["run", "0", "--set", "bins=4", "--set", "bins=12"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--set bins is given 2 times (bins=4, bins=12)"), "\(result.stderr)")
    }

    @Test func cleanRemovesOnlyAFolderTheRunnerWrote() throws {
        let cli = LessonBinary()
        let precious = cli.root.appendingPathComponent("mine/62")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("thesis".utf8).write(to: precious.appendingPathComponent("thesis.tex"))
        let result = try Self.run(cli, ["clean", "62", "--output", cli.root.appendingPathComponent("mine").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("does not look like a lesson's output"), "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: precious.appendingPathComponent("thesis.tex").path))
        // A real run's folder is still cleaned.
        #expect(try Self.run(cli, ["run", "0"]).status == 0)
        let clean = try Self.run(cli, ["clean", "0"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.output.appendingPathComponent("0").path))
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func terminationSignalsStopTheRunLikeCtrlC(signal: Int32) throws {
        let cli = LessonBinary()
        #expect(try Self.run(cli, ["run", "0"]).status == 0)  // generates the numbers, caches every cell
        let (process, stdout, _) = cli.process(["run", "0", "--set", "delay_ms=400"])
        let seen = Seen()
        stdout.fileHandleForReading.readabilityHandler = { seen.append($0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !seen.text.contains("[1/3] read-numbers — Read the numbers\n") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationReason == .exit, "the signal was handled, not fatal")
        #expect(process.terminationStatus == 130)
        #expect(seen.text.contains(signal == SIGTERM ? "SIGTERM: stopping" : "SIGHUP: stopping"), "\(seen.text)")
        #expect(seen.text.contains("nothing of this cell was cached"))
        let record = try #require(cli.outputFile(".cache/run.json"))
        #expect(record.contains("\"status\" : \"interrupted\""))
    }
}
