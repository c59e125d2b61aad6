@testable import BigTransferLesson
import Foundation
import Testing
import TestSupport

/// The terminal and the summary say the same things: every fact a cell prints is in its section of
/// `summary.md`, word for word and in the same order.
@Suite struct TerminalAndSummaryTests {
    /// The "• label: value" lines the terminal printed, per cell name.
    static func terminalFacts(_ output: String) -> [String: [String]] {
        var facts: [String: [String]] = [:], cell: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                // "[7/13] train — Train the head"
                cell = line[line.index(after: close)...].split(separator: " ").first.map(String.init)
            } else if line.hasPrefix("  • "), let cell {
                facts[cell, default: []].append(String(line.dropFirst(2)))
            }
        }
        return facts
    }

    /// The lines of the `text` block in each cell's section of the summary.
    static func summaryFacts(_ summary: String) -> [String: [String]] {
        var facts: [String: [String]] = [:]
        for section in summary.components(separatedBy: "\n## ").dropFirst() {
            // "7. Train the head (`train`)"
            guard let heading = section.split(separator: "\n").first, let open = heading.lastIndex(of: "`"),
                  let start = heading[..<open].lastIndex(of: "`") else { continue }
            let name = String(heading[heading.index(after: start)..<open])
            guard let block = section.range(of: "```text\n"), let end = section.range(of: "\n```", range: block.upperBound..<section.endIndex)
            else { continue }
            facts[name] = section[block.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
        }
        return facts
    }

    @Test func everyFactTheTerminalPrintedIsInItsCellsSectionOfTheSummary() throws {
        let run = try Baseline.shared.get()
        let terminal = Self.terminalFacts(run.output), summary = Self.summaryFacts(try run.text("summary.md"))
        #expect(terminal.count == 13, "facts of every cell: \(terminal.keys.sorted())")
        #expect(terminal == summary)
        // Numbers the reader compares: the kept accuracy and the few-shot means.
        #expect(terminal["evaluate"]?.first?.hasPrefix("• val accuracy: ") == true)
        #expect(terminal["few-shot"]?.contains { $0.hasPrefix("• checkpoint, mean by size: ") } == true)
    }
}
