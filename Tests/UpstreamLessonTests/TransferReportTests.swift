import Foundation
import Plotting
import Testing
import Training
@testable import UpstreamLesson

/// The table, CSV, figure and sentences the transfer cell writes, against numbers made here.
@Suite struct TransferReportTests {
    static func scores(_ id: String, _ name: String, correct: [Int], skipped: String? = nil) -> BackboneScores {
        let backbone = ProbeBackbone(id: id, name: name, label: id, model: nil, skipped: skipped)
        return BackboneScores(backbone, results: correct.map {
            LinearProbe.Result(correct: $0, heldOut: 30, loss: 1, trainAccuracy: 1, steps: 500)
        })
    }

    let trained = scores("trained", "this run's checkpoint", correct: [21, 24, 18, 27])
    let committed = scores("committed", "the checkpoint lesson 62 ships", correct: [], skipped: "there is no file at /x")
    let random = scores("random", "the untrained network (seed 61)", correct: [6, 7, 5, 6])

    @Test func meanAndSampleStandardDeviationOverTheSplits() throws {
        #expect(trained.accuracies == [0.7, 0.8, 0.6, 0.9])
        let mean = try #require(trained.mean)
        #expect(abs(mean - 0.75) < 1e-12)
        // Deviations ±0.05, ±0.15: (2·0.0025 + 2·0.0225) / 3.
        #expect(abs(try #require(trained.standardDeviation) - (0.05 / 3).squareRoot()) < 1e-12)
        #expect(committed.mean == nil && committed.standardDeviation == nil)
        #expect(Self.scores("one", "one", correct: [12]).standardDeviation == nil)
    }

    @Test func theTableShowsTheComputedNumbers() {
        let rows = TransferReport.tableRows([trained, committed, random], chance: 0.2)
        #expect(TransferReport.tableHeaders == ["backbone", "network", "mean accuracy", "standard deviation",
                                                "min – max", "chance"])
        #expect(rows[0] == ["this run's checkpoint", "—", "75.00%", "12.91%", "60.00% – 90.00%", "20.00%"])
        #expect(rows[1] == ["the checkpoint lesson 62 ships", "—", "skipped: there is no file at /x", "—", "—", "20.00%"])
        #expect(rows[2][2] == "20.00%" && rows[2][4] == "16.67% – 23.33%")
    }

    @Test func theCSVHoldsEverySplitExactly() throws {
        let text = TransferReport.csv([trained, committed, random])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "backbone,split,accuracy,correct,held_out")
        #expect(lines.count == 1 + 4 + 4, "a skipped backbone has no rows")
        #expect(lines[1] == "trained,1,0.7,21,30")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            let source = fields[0] == "trained" ? trained : random
            let split = try #require(Int(fields[1]))
            #expect(Double(fields[2]) == source.accuracies[split - 1])
            #expect(Int(fields[3]) == source.correct[split - 1] && fields[4] == "30")
        }
    }

    @Test func backbonesAtChanceAreSaidToBeAndComparisonsCountTheSplits() {
        let sentences = TransferReport.findings([trained, committed, random], chance: 0.2)
        #expect(sentences.count == 2)
        #expect(sentences[0] == "**The untrained network (seed 61) is at chance**: 20.00%, within 5 points of the "
                + "20.00% that always answering the commonest class gets. Its features do not tell these classes apart.")
        #expect(sentences[1] == "This run's checkpoint is 55.00 points above the untrained network (seed 61) on "
                + "average (better on 4 of the 4 splits).")
        let below = Self.scores("random", "the untrained network", correct: [1, 2, 1, 2])
        #expect(TransferReport.findings([below], chance: 0.2)[0].hasPrefix("**The untrained network is below chance**"))
        let mixed = TransferReport.comparison(trained, Self.scores("c", "the other", correct: [21, 25, 17, 27]))
        #expect(mixed == "This run's checkpoint is level with the other on average "
                + "(better on 1 of the 4 splits, worse on 1, equal on 2).")
    }

    @Test func theFigureHasAColumnPerBackboneAndChance() throws {
        let recorded = try TransferReport.figure([trained, committed, random], chance: 0.2, splits: 4,
                                                 data: "flowers-sample").recorded()
        #expect(recorded.texts.contains("Linear probe on flowers-sample: 4 splits"))
        #expect(recorded.texts.contains("committed (skipped)"))
        #expect(recorded.texts.contains("chance (commonest class) 20.00%"))
        let dots = recorded.calls.filter {
            if case .marker(.circle, _, 4.5, Figure.stripDotColor, _) = $0 { return true } else { return false }
        }
        #expect(dots.count == 8)
    }
}
