import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson clean N`: removes a lesson's cached cell results and outputs.
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a lesson's cached cell results and outputs (output/N/).")

        @OptionGroup var selection: LessonSelection

        @Flag(help: "Only list what would be removed.")
        var dryRun = false

        func run() throws {
            _ = try selection.lesson()
            let number = selection.number
            let folder = selection.store.outputDirectory
            let manager = FileManager.default
            guard manager.fileExists(atPath: folder.path) else {
                print("Nothing to clean: \(folder.path) does not exist.")
                return
            }
            // Only a folder the runner wrote is removed: it always holds the .cache/ folder (with
            // run.json); anything else at DIR/N is the learner's, whatever --output says.
            var isFolder: ObjCBool = false
            let hasCache = manager.fileExists(atPath: selection.store.cacheDirectory.path, isDirectory: &isFolder)
                && isFolder.boolValue
            guard hasCache || manager.fileExists(atPath: folder.appendingPathComponent(RunLock.fileName).path) else {
                throw CleanError.notALessonOutput(folder.path)
            }
            // A run working in the folder would lose its cache mid-cell: refuse while one holds the lock.
            let lock = try RunLock(store: selection.store, command: "lesson clean \(number)")
            defer { withExtendedLifetime(lock) {} }
            let entries = (try manager.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))
                .filter { $0.lastPathComponent != RunLock.fileName }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            let bytes = entries.reduce(Int64(0)) { $0 + Self.size(of: $1) }
            for entry in entries { print("\(dryRun ? "would remove" : "removing") \(entry.path)") }
            if dryRun {
                print("Would free \(Self.format(bytes)). Run without --dry-run to remove.")
                return
            }
            try manager.removeItem(at: folder)
            print("Removed \(folder.path) (\(Self.format(bytes))).")
        }

        static func size(of url: URL) -> Int64 {
            let manager = FileManager.default
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return 0 }
            guard isDirectory.boolValue else {
                return ((try? manager.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
            }
            let children = (try? manager.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
            return children.reduce(0) { $0 + size(of: $1) }
        }

        static func format(_ bytes: Int64) -> String {
            ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)
        }
    }
}

/// Why `lesson clean` removed nothing.
enum CleanError: Error, CustomStringConvertible, Equatable {
    /// The folder has no `.cache/`: it was not written by `lesson run`.
    case notALessonOutput(String)

    var description: String {
        switch self {
        case .notALessonOutput(let path):
            return "\(path) does not look like a lesson's output (it has no .cache/ folder, which every `lesson run` "
                + "writes), so nothing was removed. Check --output; if the folder really is disposable, delete it "
                + "yourself."
        }
    }
}
