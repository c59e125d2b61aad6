import Foundation
import LessonKit
import Testing

@Suite struct LessonRunnerTests {
    @Test func firstRunComputesEverythingAndSecondLoadsEverything() throws {
        let fixture = try RunnerFixture()
        #expect(try fixture.run() == .completed)
        #expect(fixture.program.runs == ["a", "b", "c", "d"])
        #expect(fixture.states("a").count == 1)
        #expect(fixture.output.contains("[1/4] a — First\n  Reads the data.\n  • alpha: 1\n"))
        let published = fixture.store.outputDirectory.appendingPathComponent("01-a.svg")
        #expect(try String(contentsOf: published, encoding: .utf8) == "figure")

        fixture.clearOutput()
        try FileManager.default.removeItem(at: published)
        #expect(try fixture.run() == .completed)
        #expect(fixture.program.runs == [])
        #expect(fixture.output.contains("[2/4] b — Second: loaded from cache"))
        #expect(fixture.output.contains("  • beta: 0.5\n"))
        // A cache hit publishes the cell's files again.
        #expect(try String(contentsOf: published, encoding: .utf8) == "figure")
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.cells.map(\.status) == [.done, .done, .done, .done])
        #expect(record.cells.filter(\.fromCache).count == 4)
    }

    @Test func changingADeclaredParameterRerunsItsCellAndDescendantsOnly() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "beta", value: "0.9")]))
        #expect(fixture.program.runs == ["b", "c"])
        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "beta", value: "0.5")]))
        #expect(fixture.program.runs == [], "switching back finds the earlier states")
    }

    @Test func changingAnUndeclaredParameterKeepsEverythingCached() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "gamma", value: "other")]))
        #expect(fixture.program.runs == [])
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.parameters.first { $0.name == "gamma" }?.value == "other")
        #expect(record.parameters.first { $0.name == "gamma" }?.origin == .commandLine)
    }

    @Test func changedInputOrCodeVersionReruns() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try Data("1 2 3 4".utf8).write(to: fixture.dataFolder.appendingPathComponent("numbers.txt"))
        try fixture.run()
        #expect(fixture.program.runs == ["a", "b", "c", "d"])
        fixture.program.version = "2"
        try fixture.run()
        #expect(fixture.program.runs == ["a", "b", "c", "d"])
    }

    @Test func anInputThatMayBeAbsentKeysItsAbsenceAndItsArrival() throws {
        let fixture = try RunnerFixture()
        let folder = fixture.root.appendingPathComponent("later")
        fixture.program.data = folder
        // A required input that is missing stops the run before any cell.
        let missing = #expect(throws: InputError.self) { try fixture.run() }
        #expect(missing == .missing(folder))
        #expect(fixture.program.runs == [])
        fixture.program.dataMayBeAbsent = true
        #expect(try fixture.run() == .completed)
        #expect(fixture.program.runs == ["a", "b", "c", "d"])
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.inputs.first?.fingerprint == "absent")
        try fixture.run()
        #expect(fixture.program.runs == [], "still absent: the same keys")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("1".utf8).write(to: folder.appendingPathComponent("one.txt"))
        try fixture.run()
        #expect(fixture.program.runs == ["a", "b", "c", "d"], "it arrived: the cells reading it rerun")
    }

    @Test func singleCellRerunLoadsUpstreamAndMarksDescendantsStale() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        fixture.clearOutput()
        try fixture.run(RunRequest(cells: ["b"], assignments: [ParameterAssignment(key: "beta", value: "0.1")]))
        #expect(fixture.program.runs == ["b"])
        #expect(fixture.output.contains("[1/4] a — First: loaded from cache"))
        #expect(fixture.output.contains("[3/4] c — Third: stale (upstream 'b' changed)"))
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.cells.map(\.status) == [.done, .done, .stale, .done])
        #expect(fixture.summary.contains("> **Stale:** an upstream cell was rerun"))

        try fixture.run(RunRequest(cells: ["b"], downstream: true,
                                   assignments: [ParameterAssignment(key: "beta", value: "0.1")]))
        #expect(fixture.program.runs == ["b", "c"])
    }

    @Test func singleCellRunComputesMissingUpstreamFirst() throws {
        let fixture = try RunnerFixture()
        try fixture.run(RunRequest(cells: ["c"]))
        #expect(fixture.program.runs == ["a", "b", "c"])
        #expect(fixture.output.contains("Upstream cells not cached, computing them first: a, b"))
        #expect(fixture.output.contains("[4/4] d — Fourth: not needed by this run"))
    }

    @Test func fromRunsThatCellAndEveryLaterOne() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        try fixture.run(RunRequest(from: "c"))
        #expect(fixture.program.runs == ["c", "d"])
    }

    @Test func unknownCellNameListsTheCells() throws {
        let fixture = try RunnerFixture()
        #expect(throws: RunError.unknownCell(name: "trian", lesson: 7, valid: ["a", "b", "c", "d"])) {
            try fixture.run(RunRequest(cells: ["trian"]))
        }
        #expect(RunError.unknownCell(name: "trian", lesson: 7, valid: ["a", "b"]).description
            == "lesson 7 has no cell 'trian'. Valid cells: a, b.")
    }

    @Test func failingCellLeavesNoStateAndABanner() throws {
        let fixture = try RunnerFixture()
        fixture.program.failIn = "b"
        let outcome = try fixture.run()
        #expect(outcome == .failed(cell: "b", message: "the test cell failed on purpose"))
        #expect(fixture.states("b") == [])
        #expect(fixture.states("a").count == 1)
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.status == .failed)
        #expect(record.cells.map(\.status) == [.done, .failed, .pending, .pending])
        #expect(fixture.summary.contains("> **Run failed in cell `b`:** the test cell failed on purpose"))

        fixture.program.failIn = nil
        try fixture.run()
        #expect(fixture.program.runs == ["b", "c", "d"], "the next run resumes after the finished cells")
    }

    @Test func interruptedCellLeavesNoPartialStateAndResumes() throws {
        let fixture = try RunnerFixture()
        fixture.program.cancelIn = "c"
        #expect(try fixture.run() == .interrupted(cell: "c"))
        let cacheOfC = fixture.store.cacheDirectory.appendingPathComponent("c")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cacheOfC.path)) ?? []) == [])
        let record = try #require(RunRecord.load(from: fixture.store))
        #expect(record.cells.map(\.status) == [.done, .done, .interrupted, .pending])
        #expect(fixture.summary.contains("**Run interrupted in cell `c`**"))
    }

    @Test func unwritableOutputIsReportedBeforeAnyCellRuns() throws {
        let fixture = try RunnerFixture()
        let blocker = fixture.root.appendingPathComponent("output")
        try Data().write(to: blocker)  // a file where the output folder should be
        #expect(throws: StoreError.self) { try fixture.run() }
        #expect(fixture.program.runs == [])
    }
}
