import Foundation
import Testing

/// Locates `../shared` (reference fixtures and sample photos) next to the clone.
///
/// A learner's clone has no `../shared`; tests that need it are skipped with a
/// clear message through `.enabled(if: SharedFixtures.available, SharedFixtures.skipMessage)`.
public enum SharedFixtures {
    /// The repository root, found from this file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // root

    /// `../shared`, or `$LESSON_SHARED` when set.
    public static let root: URL = {
        if let custom = ProcessInfo.processInfo.environment["LESSON_SHARED"], !custom.isEmpty {
            return URL(fileURLWithPath: custom)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// Whether the shared fixtures are present.
    public static var available: Bool {
        FileManager.default.fileExists(atPath: bitTiny.appendingPathComponent("weights.npz").path)
    }

    /// Why a test was skipped.
    public static let skipMessage: Comment =
        "skipped: ../shared (reference fixtures) is not next to this clone; CI always has it"

    /// `../shared/fixtures/bit-tiny`.
    public static var bitTiny: URL { root.appendingPathComponent("fixtures/bit-tiny") }

    /// `../shared/data/flowers-sample`.
    public static var flowersSample: URL { root.appendingPathComponent("data/flowers-sample") }

    /// A fresh, empty temporary directory, removed by the caller (or the OS).
    public static func temporaryDirectory(_ label: String = "lesson-test") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
