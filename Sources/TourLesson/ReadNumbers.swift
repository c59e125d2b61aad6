import Foundation
import LessonKit

/// Cell 1: every `.txt` file of the input folder parsed into one list of numbers.
struct ReadNumbers: Cell {
    @Parameter var delayMs: Int
    @Input var numbers: ResolvedInput

    func run(_ context: CellContext) throws -> NumberList {
        let files = try FileManager.default.contentsOfDirectory(at: numbers.url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let progress = context.progress(total: files.count, label: "files")
        var list = NumberList(values: [], files: [])
        for file in files {
            try pause(context)
            let values = try Self.parse(file)
            list.values += values
            list.files.append(.init(name: file.lastPathComponent, count: values.count))
            try progress.advance()
        }
        guard !list.values.isEmpty else { throw TourError.noNumbers(folder: numbers.url.path) }
        list.report(numbers, context: context)
        return list
    }
}

/// The numbers read, and how many came from each file.
struct NumberList: Codable, Equatable {
    struct File: Codable, Equatable {
        var name: String
        var count: Int
    }

    var values: [Double]
    var files: [File]

    func report(_ input: ResolvedInput, context: CellContext) {
        context.summary.paragraph("Read \(values.count) numbers from \(files.count) files (\(input.description)).")
        context.summary.table(headers: ["file", "numbers"], rows: files.map { [$0.name, String($0.count)] })
        context.fact("files", files.count)
        context.fact("numbers", values.count)
    }
}

extension ReadNumbers {
    /// The pause of `delay_ms` before each file, slept in tenths of a second, checking for Ctrl-C between them.
    func pause(_ context: CellContext) throws {
        var remaining = Double(delayMs) / 1000
        while remaining > 0 {
            try context.checkCancellation()
            Thread.sleep(forTimeInterval: min(0.1, remaining))
            remaining -= 0.1
        }
    }

    /// One number per non-empty line.
    static func parse(_ file: URL) throws -> [Double] {
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
}

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
