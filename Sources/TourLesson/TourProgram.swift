import Foundation
import LessonKit

/// Lesson 0, a three-cell tour of the runner: read numbers, draw a histogram, summarise. Each
/// cell is a type in the file named for it.
public struct TourProgram: LessonProgram {
    public let number = 0

    public init() {}

    public func cells() -> [CellImplementation] {
        [CellImplementation(ReadNumbers.self), CellImplementation(Histogram.self), CellImplementation(Statistics.self)]
    }

    /// `--data DIR` when given; otherwise numbers generated once into the user cache.
    public var sources: [SourceFile] { EmbeddedSources.files }

    public func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        if let data = given.given["numbers"] {
            return ResolvedInputs(inputs: ["numbers": ResolvedInput(url: data, description: "numbers from \(data.path)", origin: .flag("--data"))])
        }
        let folder = given.userCache.appendingPathComponent("00-tour/numbers-v1")
        if !FileManager.default.fileExists(atPath: folder.path) {
            given.log("generating the tour's numbers into \(folder.path)")
            try GeneratedNumbers.write(to: folder)
        }
        return ResolvedInputs(
            inputs: ["numbers": ResolvedInput(
                url: folder, description: "generated numbers: 3 files x 50 values (fixed seed)",
                origin: .generated("numbers"))],
            profile: "generated",
            banner: "Tour run on generated numbers; pass --data DIR to read your own .txt files.")
    }
}

/// The tour's default data: three files of 50 numbers from a fixed-seed generator.
enum GeneratedNumbers {
    static func write(to folder: URL) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        // Built beside the final folder and renamed, so a half-written folder is never used.
        let partial = parent.appendingPathComponent(".\(folder.lastPathComponent)-\(UUID().uuidString)")
        try manager.createDirectory(at: partial, withIntermediateDirectories: true)
        var state: UInt64 = 42
        for (index, centre) in [10.0, 20.0, 30.0].enumerated() {
            let values = (0..<50).map { _ in centre + 8 * (uniform(&state) + uniform(&state) - 1) }
            let text = values.map { String(format: "%.4f", $0) }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: partial.appendingPathComponent("sample-\(index + 1).txt"))
        }
        if rename(partial.path, folder.path) != 0 {
            // Another process generated it first: keep theirs.
            try? manager.removeItem(at: partial)
        }
    }

    /// SplitMix64 mapped to [0, 1).
    private static func uniform(_ state: inout UInt64) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
