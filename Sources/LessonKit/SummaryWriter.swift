import Foundation

/// Writes `output/<n>/summary.md` from the lesson, the run record and the cells' stored sections.
/// Rewritten after every cell, so it is complete up to the cell that is running.
struct SummaryWriter {
    let lesson: Lesson
    let store: ArtifactStore

    /// The summary's path.
    var url: URL { store.outputDirectory.appendingPathComponent("summary.md") }

    /// - Parameter sections: the stored record of each cell that has results to show.
    func write(run: RunRecord, sections: [String: CellRecord], now: Date = Date()) throws {
        try AtomicFile.write(Data(render(run: run, sections: sections, now: now).utf8), to: url)
    }

    func render(run: RunRecord, sections: [String: CellRecord], now: Date) -> String {
        var parts: [String] = ["# Lesson \(lesson.number): \(lesson.title)"]
        parts += banners(run)
        if !lesson.introduction.isEmpty { parts.append(lesson.introduction.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if !lesson.sources.isEmpty {
            parts.append("**Sources**\n\n" + lesson.sources.map { "- \($0.citation)" }.joined(separator: "\n"))
        }
        parts.append(overview(run: run, now: now))
        parts.append("## Parameters\n\n" + parameterTable(run))
        if !run.inputs.isEmpty { parts.append("## Inputs\n\n" + inputTable(run)) }
        let order = topologicalOrder(lesson.graph)
        for (index, name) in order.enumerated() {
            guard let cell = lesson.cell(name) else { continue }
            parts.append(section(cell, number: index + 1, run: run, record: sections[name]))
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    private func banners(_ run: RunRecord) -> [String] {
        var lines: [String] = []
        if let failed = run.cells.first(where: { $0.status == .failed }) {
            lines.append("> **Run failed in cell `\(failed.name)`:** \(failed.error ?? "unknown error")\n>\n"
                + "> Fix the problem and run `lesson run \(lesson.number)` again: finished cells are loaded from the cache.")
        }
        if let stopped = run.cells.first(where: { $0.status == .interrupted }) {
            lines.append("> **Run interrupted in cell `\(stopped.name)`** (Ctrl-C). "
                + "Run `lesson run \(lesson.number)` again to resume from there.")
        }
        for cell in run.cells where cell.status == .done {
            for warning in cell.warnings ?? [] {
                lines.append("> **Warning from `\(cell.name)`:** \(warning)")
            }
        }
        if let banner = run.banner { lines.append("> \(banner)") }
        return lines
    }

    /// A cell's narrative with its placeholders filled from this run: parameters, the lesson's
    /// reference values, and the values recorded by the cell and those upstream of it.
    func narrative(_ cell: CellDeclaration, run: RunRecord) -> String {
        guard let template = try? ProseTemplate(cell.narrative) else { return cell.narrative }
        return template.render { placeholder in
            switch placeholder.source {
            case "parameters": return run.parameters.first { $0.name == placeholder.key }?.value
            case "reference": return lesson.reference?.values[placeholder.key].map(Self.raw)
            default: return run.cell(placeholder.source)?.values?[placeholder.key]
            }
        }
    }

    /// A reference value as the template's filters read it (a double as written).
    private static func raw(_ value: ReferenceValue) -> String {
        if case .double(let number) = value { return "\(number)" }
        return value.description
    }

    private func overview(run: RunRecord, now: Date) -> String {
        let end = run.finishedAt ?? now
        var rows: [[String]] = [
            ["Date", Self.dateFormatter.string(from: run.startedAt)],
            ["Machine", run.machine],
            ["Total time", Format.duration(end.timeIntervalSince(run.startedAt))],
            ["Status", statusText(run)],
        ]
        if let profile = run.profile { rows.append(["Profile", "`\(profile)`"]) }
        return MarkdownRenderer.table(headers: ["Run", ""], rows: rows)
    }

    private func statusText(_ run: RunRecord) -> String {
        let done = run.cells.filter { $0.status == .done }
        let loaded = done.filter(\.fromCache).count
        var text = "\(run.status.rawValue): \(done.count) of \(run.cells.count) cells done"
        if loaded > 0 { text += " (\(loaded) loaded from cache)" }
        let stale = run.cells.filter { $0.status == .stale }.count
        if stale > 0 { text += ", \(stale) stale" }
        return text
    }

    private func parameterTable(_ run: RunRecord) -> String {
        let rows = run.parameters.map { entry in
            ["`\(entry.name)`", "`\(entry.value)`", entry.origin.rawValue, lesson.parameter(entry.name)?.meaning ?? ""]
        }
        return MarkdownRenderer.table(headers: ["parameter", "value", "from", "meaning"], rows: rows)
    }

    private func inputTable(_ run: RunRecord) -> String {
        let rows = run.inputs.map { ["`\($0.name)`", $0.description, "`\($0.path)`", $0.fingerprint] }
        return MarkdownRenderer.table(headers: ["input", "what", "path", "fingerprint"], rows: rows)
    }

    private func section(_ cell: CellDeclaration, number: Int, run: RunRecord, record: CellRecord?) -> String {
        let entry = run.cell(cell.name)
        var parts = ["## \(number). \(cell.title) (`\(cell.name)`)"]
        if !cell.purpose.isEmpty { parts.append("*\(cell.purpose)*") }
        if !cell.narrative.isEmpty {
            parts.append(narrative(cell, run: run).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if entry?.status == .stale {
            parts.append("> **Stale:** an upstream cell was rerun; these results are from before. "
                + "Run `lesson run \(lesson.number) --cell \(cell.name)` to refresh them.")
        }
        if let record, entry?.status == .done || entry?.status == .stale {
            let results = MarkdownRenderer.render(record.summary)
            if !results.isEmpty { parts.append(results) }
        }
        parts.append(footer(entry: entry, record: record))
        return parts.joined(separator: "\n\n")
    }

    private func footer(entry: RunRecord.CellEntry?, record: CellRecord?) -> String {
        guard let entry else { return "*Not run.*" }
        switch entry.status {
        case .done where entry.fromCache:
            let computed = record.map { " (computed \(Self.dateFormatter.string(from: $0.computedAt)) in "
                + "\(Format.duration($0.duration)))" } ?? ""
            return "*Loaded from cache\(computed).*"
        case .done: return "*Ran in \(Format.duration(entry.duration ?? record?.duration ?? 0)).*"
        case .stale: return "*Stale.*"
        case .failed: return "*Failed: \(entry.error ?? "unknown error")*"
        case .interrupted: return "*Interrupted (Ctrl-C); nothing of it was cached.*"
        case .running: return "*Running...*"
        case .pending: return "*Not run yet.*"
        }
    }

    static let dateFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter
    }()
}
