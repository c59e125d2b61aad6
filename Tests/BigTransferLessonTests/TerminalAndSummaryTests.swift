@testable import BigTransferLesson
import Foundation
import LessonKit
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

/// The introduction speaks of the Keras example and of BiT only; what this run used is said by its
/// banner and its cells, which differ between a miniature run and an R50x1 run.
@Suite struct IntroductionTests {
    @Test func theIntroductionIsTheSameForEveryRunAndClaimsNothingAboutIt() throws {
        let lesson = try LessonDefinition.lesson.get()
        let introduction = lesson.introduction.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(introduction.contains("This lesson follows the Keras example, which takes a BiT-M R50x1 backbone"))
        #expect(!introduction.contains("{{"), "no value of the run is filled into it")
        // The tiny run (bit-tiny's weights, real-looking photos) prints it unchanged.
        let summary = try Baseline.shared.get().text("summary.md")
        #expect(summary.contains(introduction))
    }

    @Test func theBackboneIsNamedForWhatTheRunLoaded() {
        func input(_ origin: InputOrigin, _ path: String) -> ResolvedInput {
            ResolvedInput(url: URL(fileURLWithPath: path), description: path, origin: origin)
        }
        // An R50x1 run: the fetched checkpoint, its ImageNet-21k head.
        let fetched = input(.fetched(asset: "BiT-M-R50x1.npz"), "/cache/BiT-M-R50x1.npz")
        #expect(InputResolution.weightsName(fetched) == "BiT-M-R50x1 (fetched by `lesson fetch 62`)")
        #expect(PretrainingSource(headClasses: 21_843, weights: fetched).description
                == "pre-trained on ImageNet-21k, as its head of 21,843 classes says")
        // A miniature run: lesson 61's file.
        let shipped = input(.shipped, "/repo/lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz")
        #expect(InputResolution.weightsName(shipped)
                == "the miniature BiT that lesson 61 pre-trained (`BiT-shapes-R14x0.5.npz`)")
        #expect(PretrainingSource(headClasses: 56, weights: shipped).description
                == "pre-trained on lesson 61's synthetic shapes and dead-leaves images (its head: the 56 shapes classes)")
    }
}
