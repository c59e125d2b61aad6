import Foundation
import LessonKit
import Testing

@Suite struct SummaryWriterTests {
    @Test func summaryHoldsHeaderParametersAndEachCellsResults() throws {
        let fixture = try RunnerFixture()
        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "alpha", value: "3")]))
        let summary = fixture.summary
        #expect(summary.hasPrefix("# Lesson 7: Test lesson\n\n> Test banner.\n"))
        #expect(summary.contains("- Someone, \"A source\". <https://example.org>"))
        let machine = summary.split(separator: "\n").first { $0.hasPrefix("| Machine | ") }
        #expect(machine?.hasSuffix(", \(ProcessInfo.processInfo.activeProcessorCount) cores |") == true)
        #expect(summary.contains("| Status | done: 4 of 4 cells done |"))
        #expect(summary.contains("| `alpha` | `3` | --set | read by a |"))
        #expect(summary.contains("| `beta` | `0.5` | default | read by b |"))
        #expect(summary.contains("| `data` | test data |"))
        #expect(summary.contains("## 1. First (`a`)\n\n*Reads the data.*\n\nNarrative of a.\n\na saw alpha = 3\n\n![figure of a](01-a.svg)"))
        #expect(summary.contains("| cell | upstream |\n| --- | --- |\n| b | state of a |"))
        #expect(summary.contains("*Ran in "))
    }

    @Test func cachedCellSectionIsRestoredFromItsCache() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        let first = fixture.summary
        try fixture.run()
        let second = fixture.summary
        #expect(second.contains("a saw alpha = 1\n\n![figure of a](01-a.svg)"))
        #expect(second.contains("| b | state of a |"))
        #expect(second.contains("*Loaded from cache (computed "))
        #expect(first.components(separatedBy: "\n## ").count == second.components(separatedBy: "\n## ").count)
    }
}
