import Foundation

/// What the learner asked `lesson run` to do.
public struct RunRequest {
    /// `--cell` names.
    public var cells: [String]
    /// `--from` name.
    public var from: String?
    /// `--downstream`.
    public var downstream: Bool
    /// `--set` assignments.
    public var assignments: [ParameterAssignment]
    /// The inputs given with their flags (`--data DIR`), by input name.
    public var inputs: [String: URL]

    public init(cells: [String] = [], from: String? = nil, downstream: Bool = false,
                assignments: [ParameterAssignment] = [], inputs: [String: URL] = [:]) {
        self.cells = cells
        self.from = from
        self.downstream = downstream
        self.assignments = assignments
        self.inputs = inputs
    }
}

/// How a run ended.
public enum RunOutcome: Equatable {
    case completed
    case failed(cell: String, message: String)
    case interrupted(cell: String?)
}

/// Errors that stop a run before any cell starts.
public enum RunError: Error, CustomStringConvertible, Equatable {
    case unknownCell(name: String, lesson: Int, valid: [String])
    case missingImplementation(cell: String, lesson: Int)
    case unknownImplementation(cell: String, lesson: Int, valid: [String])
    case conflictingSelection

    public var description: String {
        switch self {
        case .unknownCell(let name, let lesson, let valid):
            return "lesson \(lesson) has no cell '\(name)'. Valid cells: \(valid.joined(separator: ", "))."
        case .missingImplementation(let cell, let lesson):
            return "lesson \(lesson)'s program has no implementation of cell '\(cell)': add a CellImplementation named '\(cell)'."
        case .unknownImplementation(let cell, let lesson, let valid):
            return "lesson \(lesson)'s program implements '\(cell)', which its lesson.toml does not declare "
                + "(declared: \(valid.joined(separator: ", "))): declare it or rename the implementation."
        case .conflictingSelection:
            return "--cell and --from cannot be combined: use --cell NAME --downstream, or --from NAME."
        }
    }

    /// Checks that every name is a cell of `lesson`.
    public static func checkCellNames(_ names: [String], in lesson: Lesson) throws {
        for name in names where lesson.cell(name) == nil {
            throw unknownCell(name: name, lesson: lesson.number, valid: lesson.cells.map(\.name))
        }
    }
}

/// Runs a lesson's cells: resolves inputs and parameters, computes cache keys, then runs,
/// loads or marks stale each cell in order, keeping the run record and `summary.md` current.
public final class LessonRunner {
    public let lesson: Lesson
    public let store: ArtifactStore
    let program: LessonProgram
    let console: Console
    let cancellation: CancellationFlag
    let userCache: URL
    let memo = ProcessMemo()
    /// Each cell's code, cut from the program's embedded sources.
    let code: [String: CellCode]

    public init(lesson: Lesson, program: LessonProgram, store: ArtifactStore, console: Console = Console(),
                cancellation: CancellationFlag = CancellationFlag(), userCache: URL = UserCache.directory) {
        self.lesson = lesson
        self.program = program
        self.store = store
        self.console = console
        self.cancellation = cancellation
        self.userCache = userCache
        code = CellCode.locate(cells: lesson.cells.map(\.name), in: program.sources)
    }

    /// Runs what `request` asks. Throws for problems found before any cell runs (bad names,
    /// parameters or inputs, unwritable output); a cell's failure or Ctrl-C is the returned outcome.
    @discardableResult
    public func run(_ request: RunRequest) throws -> RunOutcome {
        let start = Date()
        try RunError.checkCellNames(request.cells + (request.from.map { [$0] } ?? []), in: lesson)
        if !request.cells.isEmpty && request.from != nil { throw RunError.conflictingSelection }
        let implementations = try matchImplementations()
        try store.checkWritable()
        // Held until this function returns; the OS releases it if the process dies.
        let lock = try RunLock(store: store, command: "lesson run \(lesson.number)")
        defer { withExtendedLifetime(lock) {} }
        store.removeLeftoverPartials()

        for (name, url) in request.inputs {
            guard let declaration = lesson.inputs.first(where: { $0.name == name }) else {
                throw InputError.unresolved(name: name, lesson: lesson.number)
            }
            try InputError.check(url, for: declaration)
        }
        let links = try lesson.resolveLinks()
        let resolved = try lesson.completingLinkedInputs(program.resolveInputs(InputRequest(
            given: request.inputs, userCache: userCache,
            lessonDirectory: lesson.directory, lesson: lesson, console: console, cancellation: cancellation)))
        let fingerprinter = Fingerprinter(memoURL: store.cacheDirectory.appendingPathComponent("fingerprints.json"))
        let profile = try resolved.profile ?? matchingProfile(resolved, fingerprinter: fingerprinter)
        let parameters = try ResolvedParameters(lesson: lesson, profile: profile,
                                                assignments: request.assignments)
        let fingerprints = try fingerprintInputs(resolved, fingerprinter: fingerprinter)
        let keys = try cacheKeys(implementations: implementations, parameters: parameters, fingerprints: fingerprints,
                                 links: links)
        let damaged = damagedStates(keys)
        var untrusted = Set(damaged.keys)
        for name in damaged.keys { untrusted.formUnion(descendants(of: name, in: lesson.graph)) }
        let plan = RunPlan(graph: lesson.graph, selected: request.cells, from: request.from,
                           downstream: request.downstream) { name in
            !untrusted.contains(name) && (keys[name].map { store.record(cell: name, key: $0) != nil } ?? false)
        }
        if let banner = resolved.banner { console.line(banner) }
        if let profile, let chosen = lesson.profiles.first(where: { $0.name == profile }) {
            let values = chosen.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            console.line("Profile '\(profile)' (\(chosen.ruleDescription ?? "chosen by the lesson from its inputs")): "
                + values.joined(separator: ", ") + "; --set overrides any of them.")
        }
        announceDamage(damaged, plan: plan, keys: keys)
        announceMissingUpstream(plan)

        var execution = Execution(
            runner: self, plan: plan, keys: keys, implementations: implementations, parameters: parameters,
            inputs: resolved.inputs,
            record: RunRecord(
                lesson: lesson.number, startedAt: start, finishedAt: nil, status: .running,
                machine: RunRecord.machineDescription, profile: profile, banner: resolved.banner,
                parameters: parameters.order.map { name in
                    RunRecord.ParameterEntry(name: name, value: parameters[name]?.description ?? "",
                                             origin: parameters.origins[name] ?? .lessonDefault)
                },
                inputs: lesson.inputs.compactMap { declaration in
                    guard let input = resolved.inputs[declaration.name] else { return nil }
                    return RunRecord.InputEntry(name: declaration.name, description: input.description,
                                                path: input.url.path,
                                                fingerprint: fingerprints[declaration.name]?.summary ?? "")
                },
                cells: plan.steps.map { RunRecord.CellEntry(name: $0.cell, status: .pending, fromCache: false) }))
        execution.links = links
        return try execution.perform()
    }

    private func matchImplementations() throws -> [String: CellImplementation] {
        try CellDeclarationCheck.implementations(of: program, lesson: lesson)
    }

    /// The first profile whose `when` rule the resolved inputs meet: each named input is a file
    /// with the same contents as the named file of the lesson folder.
    private func matchingProfile(_ resolved: ResolvedInputs, fingerprinter: Fingerprinter) throws -> String? {
        for profile in lesson.profiles where !profile.when.isEmpty {
            let matches = try profile.when.allSatisfy { input, path in
                guard let given = resolved.inputs[input]?.url else { return false }
                let declared = lesson.directory.appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: given.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      FileManager.default.fileExists(atPath: declared.path) else { return false }
                if given.standardizedFileURL.path == declared.standardizedFileURL.path { return true }
                let sizes = try [given, declared].map { try Fingerprinter.sizeAndTime($0).0 }
                guard sizes[0] == sizes[1] else { return false }
                return try fingerprinter.contentHash(given) == fingerprinter.contentHash(declared)
            }
            if matches { return profile.name }
        }
        return nil
    }

    private func fingerprintInputs(_ resolved: ResolvedInputs, fingerprinter: Fingerprinter) throws -> [String: InputFingerprint] {
        var fingerprints: [String: InputFingerprint] = [:]
        let used = Set(lesson.cells.flatMap(\.inputs))
        for declaration in lesson.inputs where used.contains(declaration.name) {
            guard let input = resolved.inputs[declaration.name] else {
                throw InputError.unresolved(name: declaration.name, lesson: lesson.number)
            }
            if input.mayBeAbsent && !FileManager.default.fileExists(atPath: input.url.path) {
                fingerprints[declaration.name] = InputFingerprint.absent
            } else {
                fingerprints[declaration.name] = try fingerprinter.fingerprint(input.url)
            }
        }
        return fingerprints
    }

    private func cacheKeys(implementations: [String: CellImplementation], parameters: ResolvedParameters,
                           fingerprints: [String: InputFingerprint],
                           links: [String: ResolvedLink]) throws -> [String: CacheKey] {
        var keys: [String: CacheKey] = [:]
        for name in topologicalOrder(lesson.graph) {
            guard let cell = lesson.cell(name), let implementation = implementations[name] else { continue }
            keys[name] = CacheKey(cell: cell, version: Self.version(implementation, code: code[name]),
                                  parameters: parameters, upstream: keys, inputs: fingerprints,
                                  links: try implementation.linkEncodings(cell, links))
        }
        return keys
    }

    /// The version that enters a cell's key: its hand-written format version and, for a cell whose
    /// code is embedded, the SHA-256 of its source file (knitr keys a chunk on its code the same way).
    static func version(_ implementation: CellImplementation, code: CellCode?) -> String {
        implementation.version + (code.map { " code:\($0.digest)" } ?? "")
    }

    /// Marks the last run record's running cell and the run as interrupted and rewrites the
    /// summary, from what is on disk: for a forced exit after Ctrl-C, while the run's own
    /// thread is still inside a long step (see `InterruptHandler`).
    public func recordForcedInterruption() {
        guard var record = RunRecord.load(from: store), record.status == .running else { return }
        for index in record.cells.indices where record.cells[index].status == .running {
            record.cells[index].status = .interrupted
            record.cells[index].duration = record.cells[index].startedAt.map { Date().timeIntervalSince($0) }
        }
        record.status = .interrupted
        record.finishedAt = Date()
        var sections: [String: CellRecord] = [:]
        for entry in record.cells where entry.status == .done || entry.status == .stale {
            if let key = entry.key, let stored = store.record(cell: entry.name, key: CacheKey(hex: key)) {
                sections[entry.name] = stored
            }
        }
        try? record.save(to: store)
        try? SummaryWriter(lesson: lesson, store: store, code: code).write(run: record, sections: sections)
    }

    /// The cells whose stored state for their current key is damaged, with the reason.
    private func damagedStates(_ keys: [String: CacheKey]) -> [String: String] {
        var damaged: [String: String] = [:]
        for cell in lesson.cells {
            guard let key = keys[cell.name], store.hasStateFolder(cell: cell.name, key: key) else { continue }
            if store.record(cell: cell.name, key: key) == nil {
                damaged[cell.name] = "\(ArtifactStore.manifestName) cannot be read"
            } else if let reason = store.damage(cell: cell.name, key: key) {
                damaged[cell.name] = reason
            }
        }
        return damaged
    }

    /// Says which cached results are damaged and what happens to them; removes them, so a
    /// damaged state is never loaded, and recomputing it starts from a clean folder.
    private func announceDamage(_ damaged: [String: String], plan: RunPlan, keys: [String: CacheKey]) {
        for cell in lesson.cells {
            guard let reason = damaged[cell.name], let key = keys[cell.name] else { continue }
            store.remove(cell: cell.name, key: key)
            let dependents = descendants(of: cell.name, in: lesson.graph)
            if case .run = plan.action(cell.name) {
                let also = dependents.isEmpty ? "" : " (and the cells that depend on it)"
                console.line("\(cell.name): cached result damaged (\(reason)), recomputing\(also)")
            } else {
                console.line("\(cell.name): cached result damaged (\(reason)); removed, it is recomputed when next needed")
            }
        }
    }

    private func announceMissingUpstream(_ plan: RunPlan) {
        let missing = plan.steps.filter { $0.action == .run(reason: "needed upstream, not cached") }.map(\.cell)
        if !missing.isEmpty {
            console.line("Upstream cells not cached, computing them first: \(missing.joined(separator: ", "))")
        }
    }
}
