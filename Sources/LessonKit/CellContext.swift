import Foundation

/// What a typed cell's `run` sees besides its injected properties: a folder for its own state,
/// its cache key, keys of what is upstream, and ways to report to the learner.
///
/// The runner injects only what the cell declares in `lesson.toml` (checked when the lesson
/// loads), because nothing else is part of the cell's cache key.
public final class CellContext {
    /// The cell's declaration.
    public let cell: CellDeclaration
    /// The lesson.
    public let lesson: Lesson
    /// This cell's cache key.
    public let key: CacheKey
    /// An empty folder for this cell's state; it becomes the cached state once the body returns.
    public let stateDirectory: URL
    /// The cell's section of `summary.md`.
    public let summary = SummaryBuilder()
    /// Objects shared with later cells of this process (see `ProcessMemo`).
    public let memo: ProcessMemo

    let sharedRoot: URL
    let parameters: ResolvedParameters
    let inputs: [String: ResolvedInput]
    let upstream: [String: (key: CacheKey, state: URL)]
    let console: Console
    let cancellation: CancellationFlag
    /// The learner's output folder (`output/<n>/`), where published files are copied.
    let outputDirectory: URL
    /// The code versions of this cell's upstream cells.
    let upstreamVersions: [String: String]
    /// Which cell produces each typed output.
    var producers: [ObjectIdentifier: String] = [:]
    /// The lesson's links, resolved for this run (a typed cell's `@Linked`).
    var links: [String: ResolvedLink] = [:]
    /// A cell run alone by a test (`standalone`): upstream keys are all zero.
    private(set) var isStandalone = false
    /// The number of this run among the output folder's runs (for keeping derived folders).
    var runNumber = 1
    /// Where derived folders live.
    var derivedRoot: URL?
    /// The derived folders this cell used.
    private(set) var derivedUsed: [String] = []
    /// The facts reported so far (printed when the cell finishes).
    public private(set) var facts: [CellRecord.Fact] = []
    /// The names published so far through `outputURL(named:)`.
    public private(set) var published: [String] = []
    private(set) var values: [String: String] = [:]
    /// The warnings about the result so far.
    public private(set) var warnings: [String] = []

    init(cell: CellDeclaration, lesson: Lesson, key: CacheKey, stateDirectory: URL, sharedRoot: URL, memo: ProcessMemo,
         parameters: ResolvedParameters, inputs: [String: ResolvedInput],
         upstream: [String: (key: CacheKey, state: URL)], console: Console, cancellation: CancellationFlag,
         outputDirectory: URL? = nil, upstreamVersions: [String: String] = [:]) {
        self.cell = cell
        self.lesson = lesson
        self.key = key
        self.stateDirectory = stateDirectory
        self.sharedRoot = sharedRoot
        self.memo = memo
        self.parameters = parameters
        self.inputs = inputs
        self.upstream = upstream
        self.console = console
        self.cancellation = cancellation
        self.outputDirectory = outputDirectory ?? sharedRoot.deletingLastPathComponent().deletingLastPathComponent()
        self.upstreamVersions = upstreamVersions
    }

    /// A context for running one typed cell alone, as a test does: its state and published
    /// files go to `directory`, and its inputs, parameters and upstream outputs are the values
    /// the test sets on the cell's properties. `lesson` supplies the lesson file's declarations
    /// (its reference values, shipped files) when the cell reads them.
    public static func standalone(_ id: String, in directory: URL, lesson: Lesson? = nil,
                                  console: Console = Console(isInteractive: false, sink: { _ in })) throws -> CellContext {
        let state = directory.appendingPathComponent("state", isDirectory: true)
        let shared = directory.appendingPathComponent("shared", isDirectory: true)
        try FileManager.default.createDirectory(at: state.appendingPathComponent(ArtifactStore.publishedFolder),
                                                withIntermediateDirectories: true)
        let lesson = lesson ?? Lesson(number: 0, title: id, parameters: [], cells: [CellDeclaration(name: id, title: id)],
                                      file: directory.appendingPathComponent("lesson.toml"))
        let cell = lesson.cell(id) ?? CellDeclaration(name: id, title: id)
        let context = CellContext(
            cell: cell, lesson: lesson, key: CacheKey(hex: String(repeating: "0", count: 64)), stateDirectory: state,
            sharedRoot: shared, memo: ProcessMemo(), parameters: ResolvedParameters(values: [:], origins: [:], order: []),
            inputs: [:], upstream: [:], console: console, cancellation: CancellationFlag(), outputDirectory: directory)
        context.isStandalone = true
        return context
    }

    /// The published file `name` of a cell run alone (see `standalone`).
    public func publishedFile(_ name: String) -> URL {
        stateDirectory.appendingPathComponent(ArtifactStore.publishedFolder).appendingPathComponent(name)
    }

    // MARK: Parameters

    /// The value of declared parameter `name` (a typed cell's `@Parameter`).
    func value(_ name: String) throws -> ParameterValue {
        guard cell.parameters.contains(name), let value = parameters[name] else {
            throw CellError.undeclaredParameter(cell: cell.name, parameter: name, file: lesson.file.path)
        }
        return value
    }

    // MARK: Inputs and upstream outputs

    func resolvedInput(_ name: String) throws -> ResolvedInput {
        guard cell.inputs.contains(name), let input = inputs[name] else {
            throw CellError.undeclaredInput(cell: cell.name, input: name, file: lesson.file.path)
        }
        return input
    }

    /// The code version (`CellImplementation.version`) of upstream `cell`.
    func upstreamVersion(_ cell: String) throws -> String {
        _ = try upstreamEntry(cell)
        guard let version = upstreamVersions[cell] else {
            throw CellError.notUpstream(cell: self.cell.name, upstream: cell, file: lesson.file.path)
        }
        return version
    }

    /// The cache key of upstream `cell`.
    func upstreamKey(_ cell: String) throws -> CacheKey {
        try upstreamEntry(cell).key
    }

    /// The output of the upstream cell whose `Output` type is `T` (a typed cell's `@Upstream`).
    func upstreamOutput<T: Decodable>(_ type: T.Type) throws -> T {
        guard let producer = producers[ObjectIdentifier(type)] else {
            throw CellError.noProducer(cell: cell.name, type: String(describing: type), file: lesson.file.path)
        }
        return try StoredFile.readOutput(type, inState: try upstreamEntry(producer).state)
    }

    /// The cache key of the upstream cell whose `Output` type is `T`, for keying what is derived
    /// from its output (such as stored backbone features).
    public func upstreamKey<T>(producing type: T.Type) throws -> CacheKey {
        if isStandalone { return CacheKey(hex: String(repeating: "0", count: 64)) }
        guard let producer = producers[ObjectIdentifier(type)] else {
            throw CellError.noProducer(cell: cell.name, type: String(describing: type), file: lesson.file.path)
        }
        return try upstreamEntry(producer).key
    }

    /// The code version of the upstream cell whose `Output` type is `T`: stores derived from its
    /// output put it in their keys, so that changed code never reuses what older code computed.
    public func upstreamVersion<T>(producing type: T.Type) throws -> String {
        if isStandalone { return "standalone" }
        guard let producer = producers[ObjectIdentifier(type)] else {
            throw CellError.noProducer(cell: cell.name, type: String(describing: type), file: lesson.file.path)
        }
        return try upstreamVersion(producer)
    }

    /// An object made from the output `T` of an upstream cell (a network loaded from the checkpoint
    /// load-model read), kept in memory for the later cells of this process and keyed by that
    /// cell's cache key, so it is never reused for other inputs. Made by `make` when absent.
    public func resident<Object>(derivedFrom type: (some Decodable).Type, _ make: () throws -> Object) throws -> Object {
        let key = "resident \(Object.self) from \(type) \(try upstreamKey(producing: type).hex)"
        return try memo.value(key, make: make)
    }

    /// The file a typed cell's output is stored in, in its state folder.
    static let outputFile = "output.json"

    /// Stores a typed cell's output with its state, and records its fields for the prose.
    func store<T: Encodable>(_ output: T) throws {
        try StateFile.write(output, to: stateDirectory.appendingPathComponent(Self.outputFile))
        let fields = ProseFields.of(output)
        for name in cell.records {
            values[name] = fields[name] ?? "none"
        }
    }

    private func upstreamEntry(_ name: String) throws -> (key: CacheKey, state: URL) {
        guard let entry = upstream[name] else {
            throw CellError.notUpstream(cell: cell.name, upstream: name, file: lesson.file.path)
        }
        return entry
    }

    /// A folder shared by runs and keys (`output/<n>/.cache/_shared/<name>`), created on demand,
    /// for caches whose entries carry their own keys, such as frozen-backbone features that a
    /// rerun with another learning rate must find again. Not part of any cell's state.
    public func sharedDirectory(_ name: String) throws -> URL {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw CellError.badOutputName(cell: cell.name, name: name)
        }
        let url = sharedRoot.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A folder for what this cell derives and keeps beyond its own state (a frozen backbone's
    /// features, the saved progress of a long training), at `.cache/_derived/<name>/<digest of key>`.
    /// `key` must name everything its contents depend on (upstream keys, code versions, sizes).
    /// LessonKit keeps it while a kept cell state uses it, and removes it a few runs after its last
    /// use otherwise; `lesson clean` removes it with the rest.
    public func derivedDirectory(_ name: String, key: [String]) throws -> URL {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.hasPrefix("_") else {
            throw CellError.badOutputName(cell: cell.name, name: name)
        }
        let stores = DerivedStores(root: derivedRoot ?? sharedRoot.deletingLastPathComponent().appendingPathComponent("_derived"))
        let (url, relative) = try stores.folder(name: name, key: key, owner: cell.name, run: runNumber)
        if !derivedUsed.contains(relative) { derivedUsed.append(relative) }
        return url
    }

    // MARK: Outputs for the learner

    /// Where to write an artifact shown to the learner (a figure, `history.csv`, `metrics.json`).
    /// It is kept with the cell's state and published as `output/<n>/<name>` when the cell finishes.
    public func outputURL(named name: String) throws -> URL {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw CellError.badOutputName(cell: cell.name, name: name)
        }
        if !published.contains(name) { published.append(name) }
        return stateDirectory.appendingPathComponent(ArtifactStore.publishedFolder).appendingPathComponent(name)
    }

    /// Where the published file `name` is for the learner, as a path to print: relative to the
    /// working directory when inside it (`output/61/x.npz`), else absolute.
    public func publishedPath(named name: String) -> String {
        let path = outputDirectory.appendingPathComponent(name).standardizedFileURL.path
        let here = FileManager.default.currentDirectoryPath
        return path.hasPrefix(here + "/") ? String(path.dropFirst(here.count + 1)) : path
    }

    /// Copies `file` into the cell's state to be published as `name`.
    public func publish(file: URL, as name: String) throws {
        let destination = try outputURL(named: name)
        try? FileManager.default.removeItem(at: destination)
        try FileManager.default.copyItem(at: file, to: destination)
    }

    // MARK: Reporting

    /// A key fact printed when the cell finishes and kept with its cache (`fact("accuracy", "0.94")`).
    public func fact(_ label: String, _ value: CustomStringConvertible) {
        facts.append(CellRecord.Fact(label: label, value: value.description))
    }

    /// A warning about the result: printed in the terminal, repeated when the run ends and shown as
    /// a banner at the top of `summary.md` (for example "the head did not learn").
    public func warn(_ text: String) {
        warnings.append(text)
    }

    /// A progress reporter for a loop; `advance()` also checks for Ctrl-C.
    public func progress(total: Int, label: String) -> ProgressReporter {
        ProgressReporter(total: total, label: label, console: console, cancellation: cancellation)
    }

    /// Prints a line under the cell's header.
    public func log(_ message: String) {
        console.line("  " + message)
    }

    /// Whether Ctrl-C was pressed (for work that cannot throw, such as a parallel loop).
    public var isCancelled: Bool { cancellation.isCancelled }

    /// Throws `RunInterrupted` if Ctrl-C was pressed; call between steps of long work.
    public func checkCancellation() throws {
        try cancellation.check()
    }
}

/// A cell body using the context in a way its declaration does not allow.
public enum CellError: Error, CustomStringConvertible, Equatable {
    case undeclaredParameter(cell: String, parameter: String, file: String)
    case parameterType(cell: String, parameter: String, declared: ParameterType, asked: ParameterType)
    case undeclaredInput(cell: String, input: String, file: String)
    case notUpstream(cell: String, upstream: String, file: String)
    case badOutputName(cell: String, name: String)
    case missingRecords(cell: String, records: [String], file: String)
    case noProducer(cell: String, type: String, file: String)

    public var description: String {
        switch self {
        case .undeclaredParameter(let cell, let parameter, let file):
            return "cell '\(cell)' reads parameter '\(parameter)' without declaring it: "
                + "add it to the cell's `parameters` in \(file) (so it enters the cache key)."
        case .parameterType(let cell, let parameter, let declared, let asked):
            return "cell '\(cell)' reads parameter '\(parameter)' as \(asked.rawValue), but it is declared as "
                + "\(declared.rawValue): give its @Parameter property a \(declared.rawValue) type."
        case .undeclaredInput(let cell, let input, let file):
            return "cell '\(cell)' reads input '\(input)' without declaring it: add it to the cell's `inputs` in \(file)."
        case .notUpstream(let cell, let upstream, let file):
            return "cell '\(cell)' loads the state of '\(upstream)', which is not upstream of it: "
                + "add it to the cell's `upstream` in \(file)."
        case .missingRecords(let cell, let records, let file):
            return "cell '\(cell)' finished without recording \(records.joined(separator: ", ")), which \(file) "
                + "declares in its `records` (its narrative and later ones quote them)."
        case .noProducer(let cell, let type, let file):
            return "cell '\(cell)' reads an upstream \(type), which no cell upstream of it in \(file) produces."
        case .badOutputName(let cell, let name):
            return "cell '\(cell)' publishes '\(name)': output names must be plain file names such as 01-samples.png."
        }
    }
}
