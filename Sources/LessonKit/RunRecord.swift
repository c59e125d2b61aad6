import FileWriting
import Foundation

/// The record of the last run of a lesson, after papermill's: the resolved parameters,
/// the inputs used, and each cell's status, start and duration. Stored as
/// `output/<n>/.cache/run.json` and rewritten after every cell.
public struct RunRecord: Codable, Equatable {
    /// The state of one cell in this run.
    public enum Status: String, Codable, Sendable {
        /// Not reached (yet).
        case pending
        /// Being computed now.
        case running
        /// Computed in this run, or loaded from its cache (see `fromCache`).
        case done
        /// Threw an error; its partial state was discarded.
        case failed
        /// Stopped by Ctrl-C; its partial state was discarded.
        case interrupted
        /// Downstream of a rerun cell and not rerun: its stored results are out of date.
        case stale
    }

    /// One cell's entry.
    public struct CellEntry: Codable, Equatable {
        public var name: String
        public var status: Status
        /// True when the cell's state was loaded instead of computed.
        public var fromCache: Bool
        /// Its cache key in this run.
        public var key: String?
        /// When it started in this run.
        public var startedAt: Date?
        /// How long it took in this run (loading, for a cache hit).
        public var duration: TimeInterval?
        /// The error, for a failed cell.
        public var error: String?
        /// The values it recorded for the prose (`records` in the lesson file).
        public var values: [String: String]? = nil
        /// Its warnings about the result.
        public var warnings: [String]? = nil
    }

    /// A resolved parameter value and where it came from.
    public struct ParameterEntry: Codable, Equatable {
        public var name: String
        public var value: String
        public var origin: ResolvedParameters.Origin
    }

    /// An external input as used in this run.
    public struct InputEntry: Codable, Equatable {
        public var name: String
        public var description: String
        public var path: String
        public var fingerprint: String
    }

    public var lesson: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// `running`, `done`, `failed` or `interrupted` for the run as a whole.
    public var status: Status
    /// "Linux, 2 cores".
    public var machine: String
    public var profile: String?
    public var banner: String?
    public var parameters: [ParameterEntry]
    public var inputs: [InputEntry]
    public var cells: [CellEntry]

    /// The entry of cell `name`.
    public func cell(_ name: String) -> CellEntry? { cells.first { $0.name == name } }

    mutating func update(_ name: String, _ change: (inout CellEntry) -> Void) {
        guard let index = cells.firstIndex(where: { $0.name == name }) else { return }
        change(&cells[index])
    }

    /// The file a store keeps its run record in.
    public static func url(in store: ArtifactStore) -> URL {
        store.cacheDirectory.appendingPathComponent("run.json")
    }

    /// The last run's record, if any.
    public static func load(from store: ArtifactStore) -> RunRecord? {
        guard let data = try? Data(contentsOf: url(in: store)) else { return nil }
        return try? JSONDecoder.lesson.decode(RunRecord.self, from: data)
    }

    func save(to store: ArtifactStore) throws {
        try AtomicFile.write(try JSONEncoder.lesson.encode(self), to: Self.url(in: store))
    }

    /// "Linux x86_64, 2 cores" for this machine.
    static var machineDescription: String {
        #if os(macOS)
        let system = "macOS"
        #else
        let system = "Linux"
        #endif
        #if arch(arm64)
        let architecture = "arm64"
        #else
        let architecture = "x86_64"
        #endif
        return "\(system) \(architecture), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }
}
