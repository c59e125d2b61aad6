import Foundation

/// One run in progress: performs the plan cell by cell, keeping the run record and
/// `summary.md` current after each.
struct Execution {
    let runner: LessonRunner
    let plan: RunPlan
    let keys: [String: CacheKey]
    let implementations: [String: CellImplementation]
    let parameters: ResolvedParameters
    let inputs: [String: ResolvedInput]
    var record: RunRecord
    /// The other lessons' parameters the cells read, resolved.
    var links: [String: ResolvedLink] = [:]
    /// Final state folders of cells run or loaded so far.
    private var states: [String: URL] = [:]
    /// Stored sections to show in the summary.
    private var sections: [String: CellRecord] = [:]
    /// This run's number among the output folder's runs (derived folders are kept by it).
    private var runNumber = 1

    init(runner: LessonRunner, plan: RunPlan, keys: [String: CacheKey],
         implementations: [String: CellImplementation], parameters: ResolvedParameters,
         inputs: [String: ResolvedInput], record: RunRecord) {
        self.runner = runner
        self.plan = plan
        self.keys = keys
        self.implementations = implementations
        self.parameters = parameters
        self.inputs = inputs
        self.record = record
    }

    private var lesson: Lesson { runner.lesson }
    /// Which cell produces each typed output.
    private var producers: [ObjectIdentifier: String] {
        implementations.values.reduce(into: [:]) { table, implementation in
            if let output = implementation.signature?.output { table[output] = implementation.name }
        }
    }
    private var store: ArtifactStore { runner.store }
    private var console: Console { runner.console }

    mutating func perform() throws -> RunOutcome {
        runNumber = DerivedStores(root: store.derivedDirectory).beginRun()
        try save()
        let total = plan.steps.count
        for (index, step) in plan.steps.enumerated() {
            if runner.cancellation.isCancelled {
                return try finish(.interrupted(cell: nil))
            }
            let header = "[\(index + 1)/\(total)] \(step.cell) — \(lesson.cell(step.cell)?.title ?? step.cell)"
            switch step.action {
            case .load:
                try load(step.cell, header: header)
            case .run:
                if let outcome = try compute(step.cell, header: header) { return try finish(outcome) }
            case .stale(let cause):
                markStale(step.cell, cause: cause, header: header)
            case .skip:
                console.line("\(header): not needed by this run (never computed)")
            }
            try save()
        }
        return try finish(.completed)
    }

    private mutating func load(_ name: String, header: String) throws {
        let started = Date()
        guard let key = keys[name], let stored = store.record(cell: name, key: key) else { return }
        let state = store.stateDirectory(cell: name, key: key)
        try store.publish(from: state, names: stored.published)
        store.touch(cell: name, key: key)
        states[name] = state
        sections[name] = stored
        record.update(name) {
            $0.status = .done
            $0.fromCache = true
            $0.key = key.hex
            $0.startedAt = started
            $0.duration = Date().timeIntervalSince(started)
            $0.values = stored.values
            $0.warnings = stored.warnings
        }
        console.line("\(header): loaded from cache (computed in \(Format.duration(stored.duration)))")
        printFacts(stored.facts)
        printWarnings(stored.warnings ?? [])
    }

    /// Runs one cell; returns an outcome only when the run must stop.
    private mutating func compute(_ name: String, header: String) throws -> RunOutcome? {
        guard let cell = lesson.cell(name), let key = keys[name], let implementation = implementations[name] else {
            return nil
        }
        console.line(header)
        if !cell.purpose.isEmpty { console.line("  \(cell.purpose)") }
        if let code = runner.code[name], let previous = store.latestRecord(cell: name)?.codeDigest,
           previous != code.digest {
            console.line("  code changed since its last cached result (\(code.file)): computing it again")
        }
        let started = Date()
        record.update(name) {
            $0.status = .running
            $0.key = key.hex
            $0.startedAt = started
        }
        try save()
        let partial = try store.beginState(cell: name, key: key)
        let context = CellContext(
            cell: cell, lesson: lesson, key: key, stateDirectory: partial,
            sharedRoot: store.sharedDirectory, memo: runner.memo,
            parameters: parameters, inputs: inputs, upstream: upstreamStates(of: name),
            console: console, cancellation: runner.cancellation, outputDirectory: store.outputDirectory,
            upstreamVersions: ancestors(of: name, in: lesson.graph).reduce(into: [:]) { versions, ancestor in
                versions[ancestor] = implementations[ancestor].map { LessonRunner.version($0, code: runner.code[ancestor]) }
            })
        context.producers = producers
        context.runNumber = runNumber
        context.derivedRoot = store.derivedDirectory
        context.links = links
        do {
            try implementation.body(context)
            try runner.cancellation.check()
        } catch {
            store.discard(partial)
            return try stop(name, error: error, started: started)
        }
        // A forgotten record costs a placeholder in the prose, never the finished work.
        let missing = cell.records.filter { context.values[$0] == nil }
        if !missing.isEmpty {
            console.line("  note: \(CellError.missingRecords(cell: name, records: missing, file: lesson.file.path)) "
                + "The prose shows … in its place.")
        }
        let duration = Date().timeIntervalSince(started)
        let stored = CellRecord(cell: name, key: key.hex,
                                version: LessonRunner.version(implementation, code: runner.code[name]), computedAt: started,
                                duration: duration, facts: context.facts, summary: context.summary.blocks,
                                published: context.published,
                                values: context.values.isEmpty ? nil : context.values,
                                warnings: context.warnings.isEmpty ? nil : context.warnings,
                                derived: context.derivedUsed.isEmpty ? nil : context.derivedUsed,
                                codeDigest: runner.code[name]?.digest)
        let state = try store.commit(partial, record: stored)
        try store.publish(from: state, names: stored.published)
        states[name] = state
        sections[name] = stored
        record.update(name) {
            $0.status = .done
            $0.duration = duration
            $0.values = stored.values
            $0.warnings = stored.warnings
        }
        printFacts(stored.facts)
        printWarnings(stored.warnings ?? [])
        if !stored.published.isEmpty { console.line("  wrote \(stored.published.joined(separator: ", "))") }
        console.line("  done in \(Format.duration(duration))")
        return nil
    }

    private mutating func stop(_ name: String, error: Error, started: Date) throws -> RunOutcome {
        let duration = Date().timeIntervalSince(started)
        if error is RunInterrupted || runner.cancellation.isCancelled {
            record.update(name) {
                $0.status = .interrupted
                $0.duration = duration
            }
            console.line("  interrupted after \(Format.duration(duration)); nothing of this cell was cached")
            return .interrupted(cell: name)
        }
        let message = String(describing: error)
        record.update(name) {
            $0.status = .failed
            $0.duration = duration
            $0.error = message
        }
        console.line("  failed after \(Format.duration(duration)): \(message)")
        console.error("lesson \(lesson.number): cell '\(name)' failed: \(message)")
        return .failed(cell: name, message: message)
    }

    private mutating func markStale(_ name: String, cause: String, header: String) {
        guard let stored = store.latestRecord(cell: name) else {
            // Never computed: nothing out of date to warn about.
            console.line("\(header): not needed by this run (never computed)")
            return
        }
        record.update(name) {
            $0.status = .stale
            $0.key = stored.key
            $0.values = stored.values
        }
        sections[name] = stored
        console.line("\(header): stale (upstream '\(cause)' changed); "
            + "rerun with --cell \(name), or add --downstream")
    }

    private func upstreamStates(of name: String) -> [String: (key: CacheKey, state: URL)] {
        var result: [String: (key: CacheKey, state: URL)] = [:]
        for ancestor in ancestors(of: name, in: lesson.graph) {
            if let key = keys[ancestor], let state = states[ancestor] { result[ancestor] = (key, state) }
        }
        return result
    }

    private func printFacts(_ facts: [CellRecord.Fact]) {
        guard !facts.isEmpty else { return }
        for line in SummaryWriter.terminalLines(facts).split(separator: "\n", omittingEmptySubsequences: false) {
            console.line("  \(line)")
        }
    }

    private func printWarnings(_ warnings: [String]) {
        for warning in warnings { console.line("  WARNING: \(warning)") }
    }

    private func save() throws {
        try record.save(to: store)
        try SummaryWriter(lesson: lesson, store: store, code: runner.code).write(run: record, sections: sections)
    }

    private mutating func finish(_ outcome: RunOutcome) throws -> RunOutcome {
        let removed = DerivedStores(root: store.derivedDirectory)
            .prune(referenced: store.referencedDerivedFolders(), run: runNumber)
        if !removed.isEmpty {
            console.line("Removed \(removed.count) derived cache folder(s) that no kept result uses: "
                + removed.joined(separator: ", "))
        }
        let finished = Date()
        record.finishedAt = finished
        switch outcome {
        case .completed: record.status = .done
        case .failed: record.status = .failed
        case .interrupted: record.status = .interrupted
        }
        try save()
        let total = Format.duration(finished.timeIntervalSince(record.startedAt))
        let summary = SummaryWriter(lesson: lesson, store: store).url.path
        for cell in record.cells where cell.status == .done {
            for warning in cell.warnings ?? [] { console.line("WARNING (\(cell.name)): \(warning)") }
        }
        switch outcome {
        case .completed:
            console.line("Lesson \(lesson.number) done in \(total). Summary: \(summary)")
        case .failed(let cell, _):
            console.line("Lesson \(lesson.number) stopped: cell '\(cell)' failed. Summary: \(summary)")
        case .interrupted:
            console.line("Lesson \(lesson.number) interrupted after \(total); finished cells are cached. "
                + "Run it again to resume.")
        }
        return outcome
    }
}
