import Foundation
import LessonKit

/// The bodies of the tour's cells.
enum TourCells {
    static let numbersFile = "numbers.json"

    /// Problems in the tour's input files.
    enum TourError: Error, CustomStringConvertible {
        case notANumber(file: String, line: Int, text: String)
        case noNumbers(folder: String)

        var description: String {
            switch self {
            case .notANumber(let file, let line, let text):
                return "\(file), line \(line): '\(text)' is not a number. Fix or remove that line."
            case .noNumbers(let folder):
                return "\(folder) has no .txt file with numbers. Put files with one number per line there."
            }
        }
    }

    static func readNumbers(_ context: CellContext) throws {
        let folder = try context.input("numbers")
        let delay = try context.int("delay_ms")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let progress = context.progress(total: files.count, label: "files")
        var numbers: [Double] = []
        var rows: [[String]] = []
        for file in files {
            // The pause is slept in tenths of a second, checking for Ctrl-C between them.
            var remaining = Double(delay) / 1000
            while remaining > 0 {
                try context.checkCancellation()
                Thread.sleep(forTimeInterval: min(0.1, remaining))
                remaining -= 0.1
            }
            let values = try parse(file)
            numbers += values
            rows.append([file.lastPathComponent, String(values.count)])
            try progress.advance()
        }
        guard !numbers.isEmpty else { throw TourError.noNumbers(folder: folder.path) }
        let data = try JSONEncoder().encode(numbers)
        try data.write(to: context.stateDirectory.appendingPathComponent(numbersFile))
        context.summary.paragraph("Read \(numbers.count) numbers from \(files.count) files "
            + "(\(try context.inputDescription("numbers"))).")
        context.summary.table(headers: ["file", "numbers"], rows: rows)
        context.fact("files", files.count)
        context.fact("numbers", numbers.count)
    }

    private static func parse(_ file: URL) throws -> [Double] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var values: [Double] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let value = Double(trimmed), value.isFinite else {
                throw TourError.notANumber(file: file.lastPathComponent, line: index + 1, text: trimmed)
            }
            values.append(value)
        }
        return values
    }

    static func loadNumbers(_ context: CellContext) throws -> [Double] {
        let url = try context.upstreamState("read-numbers").appendingPathComponent(numbersFile)
        return try JSONDecoder().decode([Double].self, from: Data(contentsOf: url))
    }

    static func histogram(_ context: CellContext) throws {
        let numbers = try loadNumbers(context)
        let bins = max(1, try context.int("bins"))
        let low = numbers.min() ?? 0
        let high = numbers.max() ?? 1
        let width = high > low ? (high - low) / Double(bins) : 1
        var counts = Array(repeating: 0, count: bins)
        for value in numbers { counts[min(bins - 1, Int((value - low) / width))] += 1 }
        let svg = HistogramSVG.render(counts: counts, low: low, width: width)
        try Data(svg.utf8).write(to: context.outputURL(named: "01-histogram.svg"))
        context.summary.image(path: "01-histogram.svg", alt: "Histogram of the numbers in \(bins) bins")
        context.summary.table(
            headers: ["from", "to", "count"],
            rows: counts.enumerated().map { index, count in
                [String(format: "%.2f", low + Double(index) * width),
                 String(format: "%.2f", low + Double(index + 1) * width), String(count)]
            })
        context.fact("bins", bins)
        context.fact("largest bin", counts.max() ?? 0)
    }

    static func statistics(_ context: CellContext) throws {
        let numbers = try loadNumbers(context).sorted()
        let precision = max(0, try context.int("precision"))
        let count = Double(numbers.count)
        let mean = numbers.reduce(0, +) / count
        let variance = numbers.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        let middle = numbers.count / 2
        let median = numbers.count % 2 == 1 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2
        let named: [(String, Double)] = [
            ("mean", mean), ("std", variance.squareRoot()), ("min", numbers.first ?? 0),
            ("median", median), ("max", numbers.last ?? 0),
        ]
        func format(_ value: Double) -> String { String(format: "%.\(precision)f", value) }
        var json: [String: Double] = ["count": count]
        for (name, value) in named { json[name] = value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(json).write(to: context.outputURL(named: "statistics.json"))
        context.summary.table(headers: ["statistic", "value"],
                              rows: [["count", String(numbers.count)]] + named.map { [$0.0, format($0.1)] })
        context.fact("mean", format(mean))
        context.fact("std", format(variance.squareRoot()))
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
