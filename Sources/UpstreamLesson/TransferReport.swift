import Foundation
import Plotting
import Training

/// What the probe measured for one backbone over every split.
struct BackboneScores: Codable, Equatable {
    /// As `ProbeBackbone`: its name in `transfer.csv`, in the table, in the figure; its shape.
    var id: String
    var name: String
    var label: String
    var shape: String
    /// Held-out images classified correctly and held out, one of each per split, in split order
    /// (empty when the backbone was skipped).
    var correct: [Int]
    var heldOut: [Int]
    /// Why the backbone was not measured, when it was not.
    var skipped: String?

    init(_ backbone: ProbeBackbone, results: [LinearProbe.Result]) {
        id = backbone.id
        name = backbone.name
        label = backbone.label
        shape = backbone.shape
        correct = results.map(\.correct)
        heldOut = results.map(\.heldOut)
        skipped = backbone.skipped
    }

    /// The held-out accuracy of each split.
    var accuracies: [Double] { zip(correct, heldOut).map { Double($0) / Double(max(1, $1)) } }

    var mean: Double? { accuracies.isEmpty ? nil : accuracies.reduce(0, +) / Double(accuracies.count) }

    /// The sample standard deviation over the splits (n − 1 in the denominator); nil below two splits.
    var standardDeviation: Double? {
        guard let mean, accuracies.count > 1 else { return nil }
        let squares = accuracies.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(accuracies.count - 1)).squareRoot()
    }
}

/// The transfer cell's table, `transfer.csv`, figure and findings, all from the scores.
enum TransferReport {
    static let csvName = "transfer.csv"
    static let figureName = "03-transfer.png"
    /// A mean this close to chance (5 points, as lesson 62's did-not-learn check) is called chance.
    static let chanceMargin = 0.05

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }

    /// "61.33% ± 7.06% over 50 splits", or why the backbone was skipped.
    static func fact(_ score: BackboneScores) -> String {
        guard let mean = score.mean else { return "skipped: \(score.skipped ?? "not measured")" }
        return percent(mean) + (score.standardDeviation.map { " ± " + percent($0) } ?? "")
            + " over \(score.accuracies.count) split\(score.accuracies.count == 1 ? "" : "s")"
    }

    static let tableHeaders = ["backbone", "network", "mean accuracy", "standard deviation", "min – max", "chance"]

    /// One row per backbone; a skipped one says why.
    static func tableRows(_ scores: [BackboneScores], chance: Double) -> [[String]] {
        scores.map { score in
            guard let mean = score.mean, let low = score.accuracies.min(), let high = score.accuracies.max() else {
                return [score.name, score.shape, "skipped: \(score.skipped ?? "not measured")", "—", "—",
                        percent(chance)]
            }
            return [score.name, score.shape, percent(mean), score.standardDeviation.map(percent) ?? "— (one split)",
                    "\(percent(low)) – \(percent(high))", percent(chance)]
        }
    }

    /// `backbone,split,accuracy,correct,held_out`, one line per measured backbone and split;
    /// the accuracy exactly as computed (correct / held_out).
    static func csv(_ scores: [BackboneScores]) -> String {
        var lines = ["backbone,split,accuracy,correct,held_out"]
        for score in scores {
            for (index, accuracy) in score.accuracies.enumerated() {
                lines.append("\(score.id),\(index + 1),\(accuracy),\(score.correct[index]),\(score.heldOut[index])")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every split's accuracy as a dot per backbone, their mean, and chance as a dashed line.
    static func figure(_ scores: [BackboneScores], chance: Double, splits: Int, data: String) throws -> Figure {
        let groups = scores.map { score in
            StripGroup(name: score.skipped == nil ? score.label : "\(score.label) (skipped)",
                       values: score.accuracies.map { $0 * 100 })
        }
        return try Figure.stripChart(
            groups, reference: ReferenceLevel(value: chance * 100, label: "chance (commonest class) \(percent(chance))"),
            valueLabel: "one split", yLabel: "held-out accuracy (%)", yCovers: 0...100,
            title: "Linear probe on \(data): \(splits) split\(splits == 1 ? "" : "s")")
    }

    /// What the numbers say, in sentences: each backbone near chance said plainly, and this run's
    /// checkpoint against each other backbone split by split (they share every split).
    static func findings(_ scores: [BackboneScores], chance: Double) -> [String] {
        var sentences: [String] = []
        for score in scores {
            guard let mean = score.mean else { continue }
            if mean < chance - chanceMargin {
                sentences.append("**\(capitalized(score.name)) is below chance**: \(percent(mean)) against "
                    + "\(percent(chance)) for always answering the commonest class. Its features do not tell these "
                    + "classes apart.")
            } else if mean <= chance + chanceMargin {
                sentences.append("**\(capitalized(score.name)) is at chance**: \(percent(mean)), within "
                    + "\(Int(chanceMargin * 100)) points of the \(percent(chance)) that always answering the "
                    + "commonest class gets. Its features do not tell these classes apart.")
            }
        }
        guard let trained = scores.first, trained.mean != nil else { return sentences }
        for other in scores.dropFirst() where other.mean != nil && other.accuracies.count == trained.accuracies.count {
            sentences.append(comparison(trained, other))
        }
        return sentences
    }

    /// "This run's checkpoint is 7.33 points above the untrained network (seed 61) on average (better on 9
    /// of the 10 splits, equal on 1)."
    static func comparison(_ first: BackboneScores, _ second: BackboneScores) -> String {
        let differences = zip(first.accuracies, second.accuracies).map { $0 - $1 }
        let mean = differences.reduce(0, +) / Double(differences.count)
        let better = differences.filter { $0 > 0 }.count, worse = differences.filter { $0 < 0 }.count
        let equal = differences.count - better - worse
        // Compared as printed: a difference that rounds to 0.00 points is none.
        let points = String(format: "%.2f", abs(mean) * 100)
        let level = points == "0.00"
        let direction = level ? "level with" : mean > 0 ? "\(points) points above" : "\(points) points below"
        var tally = ["better on \(better) of the \(differences.count) split\(differences.count == 1 ? "" : "s")"]
        if worse > 0 { tally.append("worse on \(worse)") }
        if equal > 0 { tally.append("equal on \(equal)") }
        return "\(capitalized(first.name)) is \(direction) \(second.name) on average "
            + "(\(tally.joined(separator: ", ")))."
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
