import Foundation
import Testing

/// The `lesson` executable end to end on lesson 0 (the three-cell tour).
@Suite(.enabled(if: LessonBinary.built, "build first: swift build --build-tests"))
struct LessonCLITests {
    @Test func listShowsTheLessonsWithTheirNumbers() throws {
        let cli = LessonBinary()
        let result = try cli.run("list")
        #expect(result.status == 0)
        #expect(result.stdout.contains(" 0  A tour of the lesson runner\n"))
        #expect(result.stdout.contains("62  Image classification with Big Transfer (BiT)"))
    }

    @Test func runThenRerunLoadsEveryCellFromTheCache() throws {
        let cli = LessonBinary()
        let first = try cli.run("run", "0", "--output", "output")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("[1/3] read-numbers — Read the numbers\n"))
        #expect(first.stdout.contains("  • numbers: 150\n"))
        #expect(first.stdout.contains("[3/3] statistics — Summarise the numbers\n"))
        let summary = try #require(cli.outputFile("summary.md"))
        #expect(summary.hasPrefix("# Lesson 0: A tour of the lesson runner\n"))
        #expect(summary.contains("![Histogram of the numbers in 10 bins](01-histogram.svg)"))
        #expect(summary.contains("| `bins` | `10` | profile | number of equal-width histogram bins |"))
        #expect(cli.outputFile("01-histogram.svg")?.hasPrefix("<svg") == true)
        let statistics = try #require(cli.outputFile("statistics.json"))
        let values = try JSONDecoder().decode([String: Double].self, from: Data(statistics.utf8))
        #expect(values["count"] == 150)
        #expect(abs((values["mean"] ?? 0) - 20.423) < 0.001)

        let second = try cli.run("run", "0")
        #expect(second.status == 0)
        #expect(second.stdout.components(separatedBy: ": loaded from cache").count == 4)
        #expect(!second.stdout.contains("\n  done in"))
    }

    @Test func aGarbledRunRecordStillShowsTheCachedCells() throws {
        let cli = LessonBinary()
        #expect(try cli.run("run", "0").status == 0)
        let record = cli.output.appendingPathComponent("0/.cache/run.json")
        try Data("{garbled".utf8).write(to: record)
        let shown = try cli.run("show", "0")
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\(record.path) cannot be read (damaged); the cached results below are still used"))
        #expect(shown.stdout.components(separatedBy: "[cached result from ").count == 4, "all three cells")
        #expect(!shown.stdout.contains("[never run]"))
        // The next run loads them from the cache and writes a sound record.
        let again = try cli.run("run", "0")
        #expect(again.stdout.components(separatedBy: ": loaded from cache").count == 4)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: record)) is [String: Any])
    }

    @Test func aRecordLeftRunningByAKilledRunIsSaidToHaveEnded() throws {
        let cli = LessonBinary()
        #expect(try cli.run("run", "0").status == 0)
        // What a SIGKILL or a full disk leaves: the record still says a cell is running.
        let url = cli.output.appendingPathComponent("0/.cache/run.json")
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var cells = try #require(record["cells"] as? [[String: Any]])
        cells[2]["status"] = "running"
        record["cells"] = cells
        record["status"] = "running"
        try JSONSerialization.data(withJSONObject: record).write(to: url)
        let shown = try cli.run("show", "0")
        #expect(shown.stdout.contains("[ended without recording how (killed, or the disk was full); its partial work "
                                      + "was not cached]"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("running now"))
    }

    @Test func singleCellRerunMarksDownstreamStale() throws {
        let cli = LessonBinary()
        _ = try cli.run("run", "0")
        let rerun = try cli.run("run", "0", "--cell", "read-numbers", "--set", "delay_ms=1")
        #expect(rerun.status == 0)
        #expect(rerun.stdout.contains("[1/3] read-numbers — Read the numbers\n"))
        #expect(rerun.stdout.contains("[2/3] histogram — Draw a histogram: stale (upstream 'read-numbers' changed)"))
        #expect(cli.outputFile("summary.md")?.contains("> **Stale:**") == true)

        let downstream = try cli.run("run", "0", "--cell", "read-numbers", "--downstream", "--set", "delay_ms=1")
        #expect(downstream.stdout.contains("[2/3] histogram — Draw a histogram\n"))
        #expect(downstream.stdout.contains("[3/3] statistics — Summarise the numbers\n"))

        let show = try cli.run("show", "0")
        #expect(show.stdout.contains("[fresh, ran"))
        #expect(show.stdout.contains("delay_ms   int     default 0 (last run: 1, from --set)"))
        #expect(show.stdout.contains("             accepts: 0 ... 60000\n"))
    }

    @Test func showListsEachInputWithTheCellsThatReadIt() throws {
        let show = try LessonBinary().run("show", "61")
        #expect(show.status == 0)
        #expect(show.stdout.contains("Inputs (files the cells read; each says where it comes from):\n"
            + "  data       read by transfer\n             images to measure transfer on"), "\(show.stdout)")
        #expect(show.stdout.contains("  committed  read by export\n             the checkpoint lesson 62 ships"))
        #expect(show.stdout.contains("             default: the file lesson 62 ships for its input `weights`\n"))
        #expect(!show.stdout.contains("last run:"))
        #expect(show.stdout.contains("Links (other lessons' parameters the cells read; they enter those cells' cache keys):\n"
            + "  head_training  read by transfer\n                 lesson 62's parameters under its profile 'miniature'\n"),
            "\(show.stdout)")
    }

    @Test func undeclaredParameterChangeKeepsTheHistogramCached() throws {
        let cli = LessonBinary()
        _ = try cli.run("run", "0")
        let result = try cli.run("run", "0", "--set", "precision=1")
        #expect(result.stdout.contains("[2/3] histogram — Draw a histogram: loaded from cache"))
        #expect(result.stdout.contains("[3/3] statistics — Summarise the numbers\n"))
        #expect(result.stdout.contains("  • mean: 20.4\n"))
    }

    @Test func badInputGetsAClearErrorAndNonZeroExit() throws {
        let cli = LessonBinary()
        let unknownLesson = try cli.run("run", "5")
        #expect(unknownLesson.status != 0)
        #expect(unknownLesson.stderr.contains("there is no lesson 5 in"))
        #expect(unknownLesson.stderr.contains("Known lessons: 0 (A tour of the lesson runner), 61 (Pre-training a miniature BiT (the upstream step)), 62"))

        let unknownCell = try cli.run("run", "0", "--cell", "trian")
        #expect(unknownCell.status != 0)
        #expect(unknownCell.stderr.contains("lesson 0 has no cell 'trian'. Valid cells: read-numbers, histogram, statistics."))

        let unknownKey = try cli.run("run", "0", "--set", "bnis=3")
        #expect(unknownKey.status != 0)
        #expect(unknownKey.stderr.contains("Valid keys: bins, precision, delay_ms."))

        let badValue = try cli.run("run", "0", "--set", "bins=many")
        #expect(badValue.stderr.contains("'many' is not a valid int"))

        let missing = cli.root.appendingPathComponent("nowhere")
        let missingData = try cli.run("run", "0", "--data", missing.path)
        #expect(missingData.status != 0)
        #expect(missingData.stderr.contains("\(missing.path) does not exist"))

        let empty = cli.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let emptyData = try cli.run("run", "0", "--data", empty.path)
        #expect(emptyData.status != 0)
        #expect(emptyData.stderr.contains("\(empty.path) is empty"))
        #expect(!FileManager.default.fileExists(atPath: cli.output.path), "nothing was written")
    }

    @Test func unwritableOutputFailsWithoutLosingTheCache() throws {
        let cli = LessonBinary()
        _ = try cli.run("run", "0")
        let blocker = cli.root.appendingPathComponent("blocked")
        try Data().write(to: blocker)
        let result = try cli.run("run", "0", "--output", "blocked/out")
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot write to the output folder"))
        #expect(cli.states("histogram").count == 1)
    }

    @Test func failingCellWritesABannerAndResumesAfterAFix() throws {
        let cli = LessonBinary()
        let data = cli.root.appendingPathComponent("numbers")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("1\n2\nthree\n".utf8).write(to: data.appendingPathComponent("a.txt"))
        let failed = try cli.run("run", "0", "--data", data.path)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("failed after"))
        let summary = try #require(cli.outputFile("summary.md"))
        #expect(summary.contains("> **Run failed in cell `read-numbers`:** a.txt, line 3: 'three' is not a number."))
        #expect(cli.states("read-numbers") == [])

        try Data("1\n2\n3\n".utf8).write(to: data.appendingPathComponent("a.txt"))
        let fixed = try cli.run("run", "0", "--data", data.path)
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("  • numbers: 3\n"))
    }

    @Test func ctrlCInterruptsTheCellAndTheNextRunResumes() throws {
        let cli = LessonBinary()
        _ = try cli.run("run", "0")  // generates the numbers and caches every cell
        let (process, stdout, _) = cli.process(["run", "0", "--set", "delay_ms=400"])
        let seen = Seen()
        stdout.fileHandleForReading.readabilityHandler = { handle in seen.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !seen.text.contains("[1/3] read-numbers — Read the numbers\n") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.2)
        process.interrupt()
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationStatus == 130)
        #expect(seen.text.contains("nothing of this cell was cached"))
        #expect(cli.states("read-numbers").count == 1, "only the state of the earlier run, no partial folder")
        let record = try #require(cli.outputFile(".cache/run.json"))
        #expect(record.contains("\"status\" : \"interrupted\""))

        let resumed = try cli.run("run", "0", "--set", "delay_ms=1")
        #expect(resumed.status == 0)
        #expect(resumed.stdout.contains("[1/3] read-numbers — Read the numbers\n"))
    }

    @Test func renderRewritesTheViewsFromTheCacheWithoutRunningACell() throws {
        let cli = LessonBinary()
        let before = try cli.run("render", "0")
        #expect(before.status != 0)
        #expect(before.stderr.contains("lesson 0 has no run record in"))
        _ = try cli.run("run", "0")
        let names = ["summary.md", "index.html", "lesson-0.ipynb"]
        let written = names.map { cli.outputFile($0) }
        let cacheBefore = cli.states("statistics")
        for name in names { try FileManager.default.removeItem(at: cli.output.appendingPathComponent("0/\(name)")) }
        let render = try cli.run("render", "0")
        #expect(render.status == 0, "\(render.stderr)")
        #expect(render.stdout.contains("from the cache in"))
        #expect(!render.stdout.contains("loaded from cache"), "no cell is loaded or run")
        #expect(names.map { cli.outputFile($0) } == written, "the same views as the run wrote")
        #expect(cli.states("statistics") == cacheBefore)
        let page = try #require(cli.outputFile("index.html"))
        #expect(page.components(separatedBy: "<section class=\"cell\"").count == 4)
        #expect(page.contains("<img src=\"data:image/svg+xml;base64,"))
        #expect(!page.contains("<script"))
    }

    @Test func openPrintsTheSummaryAndFiguresAndCleanRemovesThem() throws {
        let cli = LessonBinary()
        let before = try cli.run("open", "0")
        #expect(before.status != 0)
        #expect(before.stderr.contains("Run `lesson run 0` first"))
        _ = try cli.run("run", "0")
        let open = try cli.run("open", "0")
        #expect(open.status == 0)
        let paths = open.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0)).lastPathComponent }
        #expect(paths == ["01-histogram.svg", "statistics.json", "summary.md", "index.html", "lesson-0.ipynb"],
                "every output in lesson order, then the three views")
        #expect(open.stderr.contains("No desktop here (neither DISPLAY nor WAYLAND_DISPLAY is set), so nothing was opened"))

        let dryRun = try cli.run("clean", "0", "--dry-run")
        #expect(dryRun.stdout.contains("would remove"))
        #expect(cli.outputFile("summary.md") != nil)
        let clean = try cli.run("clean", "0")
        #expect(clean.status == 0)
        #expect(cli.outputFile("summary.md") == nil)
        #expect(cli.states("histogram") == [])
    }
}

/// Output collected from a pipe on another thread.
final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
