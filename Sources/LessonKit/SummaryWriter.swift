import FileWriting
import Foundation

/// Writes the three views of a run into `output/<n>/`: `summary.md`, the self-contained page
/// `index.html` and the Jupyter notebook `lesson-<n>.ipynb`, all from one `NotebookDocument`
/// (the lesson, the run record, the cells' stored records and their code). Rewritten after
/// every cell, so they are complete up to the cell that is running; `lesson render` rewrites
/// them from the cache alone.
public struct SummaryWriter {
    let lesson: Lesson
    let store: ArtifactStore
    /// Each cell's code, by cell name; cells without are shown without code.
    let code: [String: CellCode]

    public init(lesson: Lesson, store: ArtifactStore, code: [String: CellCode] = [:]) {
        self.lesson = lesson
        self.store = store
        self.code = code
    }

    /// The summary's path.
    public var url: URL { store.outputDirectory.appendingPathComponent("summary.md") }
    /// The page's path.
    public var pageURL: URL { store.outputDirectory.appendingPathComponent("index.html") }
    /// The notebook's path.
    public var notebookURL: URL { store.outputDirectory.appendingPathComponent("lesson-\(lesson.number).ipynb") }

    /// Writes `summary.md`, `index.html` and the notebook, each atomically.
    /// - Parameter sections: the stored record of each cell that has results to show.
    public func write(run: RunRecord, sections: [String: CellRecord], now: Date = Date()) throws {
        // The record as `run.json` holds it (dates to the second), so that a run and a later
        // `lesson render` write the same views.
        let stored = (try? JSONDecoder.lesson.decode(RunRecord.self, from: JSONEncoder.lesson.encode(run))) ?? run
        let document = NotebookDocument(lesson: lesson, run: stored, records: sections, code: code, now: now)
        try AtomicFile.write(Data(render(document).utf8), to: url)
        let figures = FigureFiles(folder: store.outputDirectory)
        try AtomicFile.write(Data(NotebookPage(document: document, figures: figures).render().utf8), to: pageURL)
        try AtomicFile.write(try NotebookFile(document: document, figures: figures).render(), to: notebookURL)
    }

    /// Rewrites the three views of the last run from `run.json` and the stored cell records,
    /// running no cell. Throws when there is no run record.
    public func writeFromCache() throws {
        guard let run = RunRecord.load(from: store) else {
            throw RenderError.noRun(lesson: lesson.number, folder: store.outputDirectory.path)
        }
        try write(run: run, sections: Self.storedRecords(of: run, in: store), now: run.finishedAt ?? Date())
    }

    /// The stored record of every done or stale cell of `run` that is still in the cache.
    public static func storedRecords(of run: RunRecord, in store: ArtifactStore) -> [String: CellRecord] {
        var records: [String: CellRecord] = [:]
        for entry in run.cells where entry.status == .done || entry.status == .stale {
            if let key = entry.key, let stored = store.record(cell: entry.name, key: CacheKey(hex: key)) {
                records[entry.name] = stored
            }
        }
        return records
    }

    func render(run: RunRecord, sections: [String: CellRecord], now: Date) -> String {
        render(NotebookDocument(lesson: lesson, run: run, records: sections, code: code, now: now))
    }

    /// `summary.md`.
    func render(_ document: NotebookDocument) -> String {
        var parts: [String] = ["# \(document.title)"]
        parts += document.banners.map { Self.quote($0.markdown) }
        parts += headerParts(document)
        for section in document.sections { parts.append(self.section(section, in: document)) }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The introduction, sources, run overview, parameters and inputs (markdown), shared with the notebook.
    func headerParts(_ document: NotebookDocument) -> [String] {
        var parts: [String] = []
        if !lesson.introduction.isEmpty { parts.append(lesson.introduction.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if !lesson.sources.isEmpty {
            parts.append("**Sources**\n\n" + lesson.sources.map { "- \($0.citation)" }.joined(separator: "\n"))
        }
        parts.append(MarkdownRenderer.table(headers: ["Run", ""], rows: document.overview))
        parts.append("## Parameters\n\n" + MarkdownRenderer.table(headers: NotebookDocument.parameterHeaders,
                                                                  rows: document.parameters))
        if !document.inputs.isEmpty {
            parts.append("## Inputs\n\n" + MarkdownRenderer.table(headers: NotebookDocument.inputHeaders,
                                                                 rows: document.inputs))
        }
        return parts
    }

    /// A cell's narrative with its placeholders filled from this run: parameters, the lesson's
    /// reference values, and the values recorded by the cell and those upstream of it.
    func narrative(_ cell: CellDeclaration, run: RunRecord) -> String {
        NarrativeFiller(lesson: lesson).narrative(cell, run: run)
    }

    /// A cell's heading, purpose and narrative (markdown), shared with the notebook's markdown cells.
    static func introduction(_ section: NotebookDocument.Section, in document: NotebookDocument) -> [String] {
        var parts = ["## \(section.number). \(section.cell.title) (`\(section.cell.name)`)"]
        if !section.cell.purpose.isEmpty { parts.append("*\(section.cell.purpose)*") }
        if !section.narrative.isEmpty { parts.append(section.narrative) }
        return parts
    }

    private func section(_ section: NotebookDocument.Section, in document: NotebookDocument) -> String {
        var parts = Self.introduction(section, in: document)
        if let code = section.code {
            parts.append("`\(code.location)`\n\n" + Self.fenced(code.text, language: "swift"))
        }
        if section.isStale { parts.append(Self.quote(document.staleNote(section))) }
        let results = MarkdownRenderer.render(section.results)
        if !results.isEmpty { parts.append(results) }
        if !section.facts.isEmpty { parts.append(Self.fenced(Self.terminalLines(section.facts), language: "text")) }
        parts.append("*\(section.footer)*")
        return parts.joined(separator: "\n\n")
    }

    /// The facts as the terminal printed them ("• label: value"), one a line: the same words in every view.
    static func terminalLines(_ facts: [CellRecord.Fact]) -> String {
        facts.map { "• \($0.label): \($0.value)" }.joined(separator: "\n")
    }

    /// `text` as a markdown block quote.
    static func quote(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? ">" : "> \($0)" }.joined(separator: "\n")
    }

    /// A fenced code block whose fence is longer than any run of backticks in `text`.
    static func fenced(_ text: String, language: String) -> String {
        var longest = 0
        var run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return "\(fence)\(language)\n\(text)\n\(fence)"
    }

    static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter
    }()
}

/// Why the views of a run cannot be rendered.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// There is no run record in the output folder.
    case noRun(lesson: Int, folder: String)

    public var description: String {
        switch self {
        case .noRun(let lesson, let folder):
            return "lesson \(lesson) has no run record in \(folder)/.cache/run.json. "
                + "Run `lesson run \(lesson)` first (or pass the --output DIR you used)."
        }
    }
}
