import Foundation
import LessonKit

/// Cell 3: count, mean, standard deviation, minimum, median and maximum, in a table and in
/// `statistics.json` for other programs.
struct Statistics: Cell {
    @Parameter var precision: Int
    @Upstream var numbers: NumberList

    func run(_ context: CellContext) throws -> NumberStatistics {
        let sorted = numbers.values.sorted()
        let count = Double(sorted.count)
        let mean = sorted.reduce(0, +) / count
        let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let statistics = NumberStatistics(count: sorted.count, mean: mean, std: variance.squareRoot(),
                                          min: sorted.first ?? 0, median: median, max: sorted.last ?? 0)
        try statistics.report(precision: precision, context: context)
        return statistics
    }
}

/// The statistics of the numbers (the population standard deviation).
struct NumberStatistics: Codable, Equatable {
    var count: Int
    var mean: Double
    var std: Double
    var min: Double
    var median: Double
    var max: Double

    /// The table, `statistics.json` and the facts, with `precision` decimal places.
    func report(precision: Int, context: CellContext) throws {
        let named: [(String, Double)] = [("mean", mean), ("std", std), ("min", min), ("median", median), ("max", max)]
        func format(_ value: Double) -> String { String(format: "%.\(precision)f", value) }
        var json: [String: Double] = ["count": Double(count)]
        for (name, value) in named { json[name] = value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(json).write(to: context.outputURL(named: "statistics.json"))
        context.summary.table(headers: ["statistic", "value"],
                              rows: [["count", String(count)]] + named.map { [$0.0, format($0.1)] })
        context.fact("mean", format(mean))
        context.fact("std", format(std))
    }
}
