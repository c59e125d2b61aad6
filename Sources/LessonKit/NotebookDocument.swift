import Foundation

/// One run of a lesson as a document: what `summary.md`, `index.html` and the `.ipynb` show,
/// built once from the lesson, the run record, the cells' stored records and their code, so
/// that the three views say the same thing. Nothing in it is recomputed: every number comes
/// from the run record or a stored `CellRecord`.
struct NotebookDocument {
    /// A banner at the top: a failure, an interruption, a cell's warning or the run's own line.
    struct Banner: Equatable {
        enum Kind: String { case failure, interruption, warning, note }
        var kind: Kind
        /// Markdown; paragraphs separated by blank lines.
        var markdown: String
    }

    /// One cell's part of the document.
    struct Section {
        /// 1-based position in lesson (topological) order.
        var number: Int
        var cell: CellDeclaration
        /// The narrative with this run's values filled in (markdown).
        var narrative: String
        var entry: RunRecord.CellEntry?
        /// Its stored record, when it has results to show (done or stale).
        var record: CellRecord?
        var code: CellCode?
        /// Its position in the order the cells ran or were loaded in this run (1-based), or nil.
        var executionCount: Int?
        /// "Ran in 1.2 s.", "Loaded from cache (computed ... in 3 s)." (plain text).
        var footer: String

        var isStale: Bool { entry?.status == .stale }
        /// The stored results (tables, figures, paragraphs) to show: only for a done or stale cell.
        var results: [SummaryBlock] {
            guard let record, entry?.status == .done || entry?.status == .stale else { return [] }
            return record.summary
        }
        /// The facts the terminal printed.
        var facts: [CellRecord.Fact] {
            guard let record, entry?.status == .done || entry?.status == .stale else { return [] }
            return record.facts
        }
        /// "computed", "loaded from cache", "stale", ... for a badge.
        var state: String {
            guard let entry else { return "not run" }
            switch entry.status {
            case .done: return entry.fromCache ? "loaded from cache" : "computed"
            case .stale: return "stale"
            case .failed: return "failed"
            case .interrupted: return "interrupted"
            case .running: return "running"
            case .pending: return "not run"
            }
        }
    }

    var lesson: Lesson
    var run: RunRecord
    var banners: [Banner]
    /// Rows of the run overview (date, machine, total time, status, profile).
    var overview: [[String]]
    /// Rows of the parameters table: `name`, `value`, origin, meaning (markdown cells).
    var parameters: [[String]]
    /// Rows of the inputs table: `name`, what, `path`, fingerprint.
    var inputs: [[String]]
    var sections: [Section]

    var title: String { "Lesson \(lesson.number): \(lesson.title)" }
    static let parameterHeaders = ["parameter", "value", "from", "meaning"]
    static let inputHeaders = ["input", "what", "path", "fingerprint"]
    /// The stale note under a stale cell's narrative.
    func staleNote(_ section: Section) -> String {
        "**Stale:** an upstream cell was rerun; these results are from before. "
            + "Run `lesson run \(lesson.number) --cell \(section.cell.name)` to refresh them."
    }
}

extension NotebookDocument {
    /// The document of `run`, with `records` the stored record of each cell that has results
    /// and `code` each cell's code (cells without are shown without code).
    init(lesson: Lesson, run: RunRecord, records: [String: CellRecord], code: [String: CellCode], now: Date) {
        self.lesson = lesson
        self.run = run
        banners = Self.banners(lesson: lesson, run: run)
        overview = Self.overview(run: run, now: now)
        parameters = run.parameters.map { entry in
            ["`\(entry.name)`", "`\(entry.value)`", entry.origin.rawValue, lesson.parameter(entry.name)?.meaning ?? ""]
        }
        inputs = run.inputs.map { ["`\($0.name)`", $0.description, "`\($0.path)`", $0.fingerprint] }
        let executed = run.cells.filter { $0.startedAt != nil && $0.status != .stale && $0.status != .pending }
            .enumerated().sorted { ($0.element.startedAt!, $0.offset) < ($1.element.startedAt!, $1.offset) }
            .map(\.element.name)
        let writer = NarrativeFiller(lesson: lesson)
        sections = topologicalOrder(lesson.graph).enumerated().compactMap { index, name in
            guard let cell = lesson.cell(name) else { return nil }
            let entry = run.cell(name)
            let record = records[name]
            return Section(number: index + 1, cell: cell, narrative: writer.narrative(cell, run: run),
                           entry: entry, record: record, code: code[name],
                           executionCount: executed.firstIndex(of: name).map { $0 + 1 },
                           footer: Self.footer(entry: entry, record: record))
        }
    }

    private static func banners(lesson: Lesson, run: RunRecord) -> [Banner] {
        var banners: [Banner] = []
        if let failed = run.cells.first(where: { $0.status == .failed }) {
            banners.append(Banner(kind: .failure, markdown:
                "**Run failed in cell `\(failed.name)`:** \(failed.error ?? "unknown error")\n\n"
                + "Fix the problem and run `lesson run \(lesson.number)` again: finished cells are loaded from the cache."))
        }
        if let stopped = run.cells.first(where: { $0.status == .interrupted }) {
            banners.append(Banner(kind: .interruption, markdown: "**Run interrupted in cell `\(stopped.name)`** (Ctrl-C). "
                + "Run `lesson run \(lesson.number)` again to resume from there."))
        }
        for cell in run.cells where cell.status == .done {
            for warning in cell.warnings ?? [] {
                banners.append(Banner(kind: .warning, markdown: "**Warning from `\(cell.name)`:** \(warning)"))
            }
        }
        if let banner = run.banner { banners.append(Banner(kind: .note, markdown: banner)) }
        return banners
    }

    private static func overview(run: RunRecord, now: Date) -> [[String]] {
        let end = run.finishedAt ?? now
        var rows: [[String]] = [
            ["Date", SummaryWriter.dateFormatter.string(from: run.startedAt)],
            ["Machine", run.machine],
            ["Total time", totalTime(end.timeIntervalSince(run.startedAt))],
            ["Status", statusText(run)],
        ]
        if let profile = run.profile { rows.append(["Profile", "`\(profile)`"]) }
        return rows
    }

    /// The run's length from its record's start and end, which `run.json` keeps to the second:
    /// whole seconds, so the views do not show a precision the record does not have.
    private static func totalTime(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        if whole < 1 { return "under 1 s" }
        return whole < 60 ? "\(whole) s" : Format.duration(Double(whole))
    }

    private static func statusText(_ run: RunRecord) -> String {
        let done = run.cells.filter { $0.status == .done }
        let loaded = done.filter(\.fromCache).count
        var text = "\(run.status.rawValue): \(done.count) of \(run.cells.count) cells done"
        if loaded > 0 { text += " (\(loaded) loaded from cache)" }
        let stale = run.cells.filter { $0.status == .stale }.count
        if stale > 0 { text += ", \(stale) stale" }
        return text
    }

    private static func footer(entry: RunRecord.CellEntry?, record: CellRecord?) -> String {
        guard let entry else { return "Not run." }
        switch entry.status {
        case .done where entry.fromCache:
            let computed = record.map { " (computed \(SummaryWriter.dateFormatter.string(from: $0.computedAt)) in "
                + "\(Format.duration($0.duration)))" } ?? ""
            return "Loaded from cache\(computed)."
        case .done: return "Ran in \(Format.duration(entry.duration ?? record?.duration ?? 0))."
        case .stale: return "Stale."
        case .failed: return "Failed: \(entry.error ?? "unknown error")"
        case .interrupted: return "Interrupted (Ctrl-C); nothing of it was cached."
        case .running: return "Running..."
        case .pending: return "Not run yet."
        }
    }
}

/// Fills a cell's narrative placeholders from a run: parameters, the lesson's reference
/// values, and the values recorded by the cell and those upstream of it.
struct NarrativeFiller {
    let lesson: Lesson

    func narrative(_ cell: CellDeclaration, run: RunRecord) -> String {
        guard let template = try? ProseTemplate(cell.narrative) else { return cell.narrative }
        return template.render { placeholder in
            switch placeholder.source {
            case "parameters": return run.parameters.first { $0.name == placeholder.key }?.value
            case "reference": return lesson.reference?.values[placeholder.key].map(Self.raw)
            default: return run.cell(placeholder.source)?.values?[placeholder.key]
            }
        }.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A reference value as the template's filters read it (a double as written).
    private static func raw(_ value: ReferenceValue) -> String {
        if case .double(let number) = value { return "\(number)" }
        return value.description
    }
}
