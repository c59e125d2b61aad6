import Foundation
import LessonKit

/// Cell 2: the numbers counted in `bins` equal-width bins, and the counts drawn.
struct Histogram: Cell {
    @Parameter var bins: Int
    @Upstream var numbers: NumberList

    func run(_ context: CellContext) throws -> HistogramCounts {
        let low = numbers.values.min() ?? 0
        let high = numbers.values.max() ?? 1
        let width = high > low ? (high - low) / Double(bins) : 1
        var counts = Array(repeating: 0, count: bins)
        for value in numbers.values { counts[min(bins - 1, Int((value - low) / width))] += 1 }
        let histogram = HistogramCounts(low: low, width: width, counts: counts)
        try histogram.report(context)
        return histogram
    }
}

/// Bin i counts the numbers in [low + i x width, low + (i + 1) x width) (the last bin includes its end).
struct HistogramCounts: Codable, Equatable {
    var low: Double
    var width: Double
    var counts: [Int]

    static let figure = "01-histogram.svg"

    func report(_ context: CellContext) throws {
        let svg = HistogramSVG.render(counts: counts, low: low, width: width)
        try Data(svg.utf8).write(to: context.outputURL(named: Self.figure))
        context.summary.image(path: Self.figure, alt: "Histogram of the numbers in \(counts.count) bins")
        context.summary.table(
            headers: ["from", "to", "count"],
            rows: counts.enumerated().map { index, count in
                [String(format: "%.2f", low + Double(index) * width),
                 String(format: "%.2f", low + Double(index + 1) * width), String(count)]
            })
        context.fact("bins", counts.count)
        context.fact("largest bin", counts.max() ?? 0)
    }
}

/// A bar chart as SVG text: the tour needs no drawing library.
enum HistogramSVG {
    static func render(counts: [Int], low: Double, width: Double) -> String {
        let (chartWidth, chartHeight, margin) = (480.0, 240.0, 32.0)
        let tallest = Double(max(1, counts.max() ?? 1))
        let barWidth = (chartWidth - 2 * margin) / Double(max(1, counts.count))
        var shapes: [String] = []
        for (index, count) in counts.enumerated() {
            let height = (chartHeight - 2 * margin) * Double(count) / tallest
            let x = margin + Double(index) * barWidth
            shapes.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4c72b0\"/>",
                                 x + 1, chartHeight - margin - height, barWidth - 2, height))
            shapes.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%d</text>",
                                 x + barWidth / 2, chartHeight - margin - height - 3, count))
        }
        let axis = String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.2f</text>"
            + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.2f</text>",
            margin, chartHeight - 12, low, chartWidth - margin, chartHeight - 12, low + width * Double(counts.count))
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(chartWidth))" height="\(Int(chartHeight))" \
        font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>\(shapes.joined())\(axis)</svg>

        """
    }
}
