import FileWriting
import Foundation

/// What the cache remembers about one computed cell, stored as `cell.json` in its state folder.
public struct CellRecord: Codable, Equatable, Sendable {
    /// The cell's name.
    public var cell: String
    /// Its cache key (full hex).
    public var key: String
    /// The code version it was computed with.
    public var version: String
    /// When it was computed.
    public var computedAt: Date
    /// How long it took, in seconds.
    public var duration: TimeInterval
    /// Key facts shown in the terminal, in order.
    public var facts: [Fact]
    /// Its summary section.
    public var summary: [SummaryBlock]
    /// The names it published to the output folder.
    public var published: [String]
    /// The values it recorded for the prose (`records`), by name.
    public var values: [String: String]? = nil
    /// Its warnings about the result (shown as banners at the top of `summary.md`).
    public var warnings: [String]? = nil
    /// The SHA-256 of every file of the state folder by relative path, checked when the state
    /// is loaded (nil in records written before checksums were kept: those are not checked).
    public var checksums: [String: String]? = nil
    /// The derived folders (`_derived/<name>/<digest>`) the cell used: kept while this state is.
    public var derived: [String]? = nil
    /// The SHA-256 of the cell's source file when it was computed (typed cells with embedded code).
    public var codeDigest: String? = nil

    /// A label and its value (`accuracy`, `0.94`).
    public struct Fact: Codable, Equatable, Sendable {
        public var label: String
        public var value: String
    }
}

/// The cache and output folder of one lesson: `output/<n>/` for what the learner reads,
/// `output/<n>/.cache/<cell>/<key>/` for cell state.
///
/// Cell state is built in a `.partial-*` folder and renamed into place only once the cell
/// has finished, so an interrupted or failed cell never leaves a state folder behind.
public struct ArtifactStore {
    /// The manifest file inside each state folder; its presence marks a complete state.
    static let manifestName = "cell.json"
    /// The sub-folder of a state folder holding files to publish.
    static let publishedFolder = "published"
    /// How many states of one cell are kept (the newest used), so switching a parameter back is a cache hit.
    static let statesKeptPerCell = 3

    /// `output/<n>/`.
    public let outputDirectory: URL

    /// `output/<n>/.cache/`.
    public var cacheDirectory: URL { outputDirectory.appendingPathComponent(".cache") }

    /// `output/<n>/.cache/_shared/`: caches that outlive any one cell key (for example the
    /// frozen backbone's features, keyed by the cell itself), removed by `lesson clean`.
    /// The underscore keeps it apart from cell folders, whose names never start with one.
    public var sharedDirectory: URL { cacheDirectory.appendingPathComponent("_shared") }

    /// `output/<n>/.cache/_derived/`: what cells derive and keep beyond their own state, kept and
    /// pruned by LessonKit (see `DerivedStores`).
    public var derivedDirectory: URL { cacheDirectory.appendingPathComponent("_derived") }

    /// The derived folders that the kept states of every cell used.
    func referencedDerivedFolders() -> Set<String> {
        let manager = FileManager.default
        var used = Set<String>()
        for cell in (try? manager.contentsOfDirectory(atPath: cacheDirectory.path)) ?? [] where !cell.hasPrefix("_") {
            let folder = cellDirectory(cell)
            for key in (try? manager.contentsOfDirectory(atPath: folder.path)) ?? [] where !key.hasPrefix(".") {
                used.formUnion(record(cell: cell, key: CacheKey(hex: key))?.derived ?? [])
            }
        }
        return used
    }

    public init(outputDirectory: URL) {
        self.outputDirectory = outputDirectory
    }

    /// The store of lesson `number` under an output root (`output/`).
    public init(outputRoot: URL, lesson number: Int) {
        self.init(outputDirectory: outputRoot.appendingPathComponent(String(number)))
    }

    func cellDirectory(_ cell: String) -> URL { cacheDirectory.appendingPathComponent(cell) }

    /// The final state folder of `cell` for `key`.
    public func stateDirectory(cell: String, key: CacheKey) -> URL {
        cellDirectory(cell).appendingPathComponent(key.hex)
    }

    /// The stored record of `cell` at `key`, if that state is complete.
    public func record(cell: String, key: CacheKey) -> CellRecord? {
        let manifest = stateDirectory(cell: cell, key: key).appendingPathComponent(Self.manifestName)
        guard let data = try? Data(contentsOf: manifest) else { return nil }
        return try? JSONDecoder.lesson.decode(CellRecord.self, from: data)
    }

    /// Why the stored state of `cell` at `key` is damaged (a file missing, unreadable or changed
    /// since it was written), or nil when it is intact or has no checksums to check.
    public func damage(cell: String, key: CacheKey) -> String? {
        guard let record = record(cell: cell, key: key), let checksums = record.checksums else { return nil }
        return StateChecksums.damage(in: stateDirectory(cell: cell, key: key), expected: checksums)
    }

    /// Whether a state folder exists for `cell` at `key` (complete or not: a damaged or
    /// unreadable manifest still leaves the folder).
    func hasStateFolder(cell: String, key: CacheKey) -> Bool {
        FileManager.default.fileExists(atPath: stateDirectory(cell: cell, key: key).path)
    }

    /// Removes the state of `cell` at `key` (a damaged one, before it is recomputed).
    func remove(cell: String, key: CacheKey) {
        try? FileManager.default.removeItem(at: stateDirectory(cell: cell, key: key))
    }

    /// The most recently used complete state of `cell` under any key (for showing stale results).
    public func latestRecord(cell: String) -> CellRecord? {
        let states = (try? FileManager.default.contentsOfDirectory(
            at: cellDirectory(cell), includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        return states.filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { modified($0) > modified($1) }
            .lazy.compactMap { record(cell: cell, key: CacheKey(hex: $0.lastPathComponent)) }.first
    }

    /// Checks that the output folder can be created and written, before any cell runs.
    public func checkWritable() throws {
        do {
            try FileManager.default.createDirectory(at: cacheDirectory, withIntermediateDirectories: true)
            try AtomicFile.write(Data("probe".utf8), to: cacheDirectory.appendingPathComponent(".write-probe"))
            try FileManager.default.removeItem(at: cacheDirectory.appendingPathComponent(".write-probe"))
        } catch {
            throw StoreError.diagnose(outputDirectory)
        }
    }

    /// A fresh, empty folder in which a cell builds its state.
    func beginState(cell: String, key: CacheKey) throws -> URL {
        let partial = cellDirectory(cell).appendingPathComponent(".partial-\(key.short)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: partial.appendingPathComponent(Self.publishedFolder), withIntermediateDirectories: true)
        return partial
    }

    /// Writes the manifest into `partial` and renames it to the cell's state folder for `record.key`.
    func commit(_ partial: URL, record: CellRecord) throws -> URL {
        var record = record
        record.checksums = try StateChecksums.compute(in: partial)
        try AtomicFile.write(try JSONEncoder.lesson.encode(record),
                             to: partial.appendingPathComponent(Self.manifestName))
        let final = cellDirectory(record.cell).appendingPathComponent(record.key)
        if FileManager.default.fileExists(atPath: final.path) {
            try FileManager.default.removeItem(at: final)
        }
        try FileManager.default.moveItem(at: partial, to: final)
        prune(cell: record.cell, keeping: final)
        return final
    }

    /// Removes a partial state folder (after a failure or interruption).
    func discard(_ partial: URL) {
        try? FileManager.default.removeItem(at: partial)
    }

    /// Marks a state as just used, so pruning keeps it.
    func touch(cell: String, key: CacheKey) {
        try? FileManager.default.setAttributes([.modificationDate: Date()],
                                               ofItemAtPath: stateDirectory(cell: cell, key: key).path)
    }

    /// Copies the files a state published into the output folder, under their stable names.
    func publish(from state: URL, names: [String]) throws {
        for name in names {
            let source = state.appendingPathComponent(Self.publishedFolder).appendingPathComponent(name)
            try AtomicFile.copy(source, to: outputDirectory.appendingPathComponent(name))
        }
    }

    /// Removes partial folders left by a process that was killed.
    func removeLeftoverPartials() {
        let manager = FileManager.default
        guard let cells = try? manager.contentsOfDirectory(at: cacheDirectory, includingPropertiesForKeys: nil) else {
            return
        }
        for cell in cells {
            let entries = (try? manager.contentsOfDirectory(atPath: cell.path)) ?? []
            for entry in entries where entry.hasPrefix(".partial-") {
                try? manager.removeItem(at: cell.appendingPathComponent(entry))
            }
        }
    }

    /// Keeps the newest `statesKeptPerCell` complete states of `cell` (and always `kept`).
    private func prune(cell: String, keeping kept: URL) {
        let manager = FileManager.default
        guard let states = try? manager.contentsOfDirectory(
            at: cellDirectory(cell), includingPropertiesForKeys: [.contentModificationDateKey]) else { return }
        let complete = states.filter { !$0.lastPathComponent.hasPrefix(".") }
        let byAge = complete.sorted { modified($0) > modified($1) }
        for state in byAge.dropFirst(Self.statesKeptPerCell) where state.lastPathComponent != kept.lastPathComponent {
            try? manager.removeItem(at: state)
        }
    }

    private func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
    }
}

/// Problems with the output folder.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The folder cannot be created or written; `reason` says what is in the way.
    case unwritable(URL, reason: String)

    public var description: String {
        switch self {
        case .unwritable(let url, let reason):
            return "cannot write to the output folder \(url.path): \(reason). Choose a writable folder with --output DIR."
        }
    }

    /// The error for `folder`, naming what is in the way: a file where a folder should be,
    /// a read-only folder, or a missing parent that cannot be created.
    static func diagnose(_ folder: URL) -> StoreError {
        let manager = FileManager.default
        var path = folder.standardizedFileURL.path
        var missing: [String] = []
        var isFolder: ObjCBool = false
        while !manager.fileExists(atPath: path, isDirectory: &isFolder), path != "/" {
            missing.insert((path as NSString).lastPathComponent, at: 0)
            path = (path as NSString).deletingLastPathComponent
        }
        let reason: String
        if !isFolder.boolValue {
            reason = "\(path) is a file, not a folder"
        } else if !manager.isWritableFile(atPath: path) {
            reason = missing.isEmpty ? "\(path) is read-only (fix its permissions)"
                : "its parent \(path) is read-only, so \(missing.joined(separator: "/")) cannot be created in it"
        } else if !missing.isEmpty {
            reason = "\(missing.joined(separator: "/")) is missing under \(path) and could not be created"
        } else {
            reason = "a file in it could not be written (is the disk full?)"
        }
        return .unwritable(folder, reason: reason)
    }
}

extension JSONEncoder {
    /// Pretty, sorted, ISO-8601 dates: stable files that diff well.
    static var lesson: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var lesson: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
