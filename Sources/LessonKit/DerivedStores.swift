import Crypto
import FileWriting
import Foundation

/// Caches a cell derives and keeps beyond its own state: a frozen backbone's features, which a
/// rerun with another learning rate must find again, or the saved progress of a long training
/// that an interrupted run resumes. They live in `output/<n>/.cache/_derived/<name>/<digest>/`,
/// keyed by what their contents depend on, and LessonKit keeps or removes them:
///
/// - every cell state records the derived folders its cell used (`CellRecord.derived`);
/// - after each run, a folder that no kept state uses and that no run has used in the last
///   `runsKeptUnused` runs is removed (so an interrupted training's progress survives the runs
///   of other cells in between, and a store of an abandoned setting does not live forever).
struct DerivedStores {
    let root: URL

    /// Unused folders survive this many runs after their last use.
    static let runsKeptUnused = 3

    /// The record kept in each folder.
    struct Entry: Codable, Equatable {
        /// The cell that made it.
        var owner: String
        /// What the contents depend on, in words and keys.
        var key: [String]
        /// The number of the last run that used it.
        var lastRun: Int
    }

    /// `name/<digest of key>`: the folder's path relative to `root`.
    static func relativePath(name: String, key: [String]) -> String {
        let digest = SHA256.hash(data: Data(key.map { "\($0.utf8.count):\($0)" }.joined(separator: "\n").utf8))
        return name + "/" + digest.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// The folder for `key`, created and marked as used by `run`.
    func folder(name: String, key: [String], owner: String, run: Int) throws -> (url: URL, relativePath: String) {
        let relative = Self.relativePath(name: name, key: key)
        let url = root.appendingPathComponent(relative, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let known = (try? JSONDecoder().decode(Entry.self, from: Data(contentsOf: entryURL(url))))
        let entry = Entry(owner: known?.owner ?? owner, key: key, lastRun: run)
        try AtomicFile.write(try JSONEncoder.lesson.encode(entry), to: entryURL(url))
        return (url, relative)
    }

    /// The number of the run now starting (one more than the last), recorded at once.
    func beginRun() -> Int {
        let counter = root.appendingPathComponent("runs.json")
        let last = (try? JSONDecoder().decode(Int.self, from: Data(contentsOf: counter))) ?? 0
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try? AtomicFile.write(Data("\(last + 1)".utf8), to: counter)
        return last + 1
    }

    /// Removes the folders no kept state uses and no run used in the last `runsKeptUnused` runs;
    /// returns their relative paths.
    @discardableResult
    func prune(referenced: Set<String>, run: Int) -> [String] {
        let manager = FileManager.default
        var removed: [String] = []
        for name in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where name != "runs.json" {
            let group = root.appendingPathComponent(name)
            for digest in (try? manager.contentsOfDirectory(atPath: group.path)) ?? [] {
                let relative = name + "/" + digest, url = group.appendingPathComponent(digest)
                guard !referenced.contains(relative) else { continue }
                let entry = try? JSONDecoder().decode(Entry.self, from: Data(contentsOf: entryURL(url)))
                if (entry?.lastRun ?? 0) <= run - Self.runsKeptUnused {
                    try? manager.removeItem(at: url)
                    removed.append(relative)
                }
            }
        }
        return removed.sorted()
    }

    private func entryURL(_ folder: URL) -> URL { folder.appendingPathComponent("derived.json") }
}
