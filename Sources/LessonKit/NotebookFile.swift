import Foundation

/// `output/<n>/lesson-<n>.ipynb`: the run as a Jupyter notebook (nbformat 4.5). Each lesson cell
/// becomes a markdown cell (heading, purpose, narrative) and a code cell holding its Swift code
/// with its outputs: tables and paragraphs as `display_data` (`text/html` with `text/markdown`
/// and `text/plain`), figures as `display_data` with the published file's exact bytes
/// (`image/png` in base64), the terminal's facts and status as a `stream`. Code cells are
/// numbered in the order the run computed or loaded them. The notebook's metadata holds the run
/// record. No kernel runs Swift here: the language is named for display and syntax colouring.
struct NotebookFile {
    let document: NotebookDocument
    let figures: FigureFiles

    func render() throws -> Data {
        var cells: [[String: Any]] = [markdownCell(id: "lesson", header())]
        for section in document.sections {
            var markdown = SummaryWriter.introduction(section, in: document)
            if section.isStale { markdown.append(SummaryWriter.quote(document.staleNote(section))) }
            cells.append(markdownCell(id: "\(section.cell.name)-text", markdown.joined(separator: "\n\n")))
            cells.append(codeCell(section))
        }
        let notebook: [String: Any] = [
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": try metadata(),
            "cells": cells,
        ]
        return try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys,
                                                                             .withoutEscapingSlashes])
    }

    /// The title, banners and the run's tables.
    private func header() -> String {
        var parts = ["# \(document.title)"]
        parts += document.banners.map { SummaryWriter.quote($0.markdown) }
        parts += SummaryWriter(lesson: document.lesson, store: ArtifactStore(outputDirectory: figures.folder))
            .headerParts(document)
        return parts.joined(separator: "\n\n")
    }

    private func markdownCell(id: String, _ text: String) -> [String: Any] {
        ["cell_type": "markdown", "id": Self.cellID(id), "metadata": [String: Any](), "source": Self.lines(text)]
    }

    private func codeCell(_ section: NotebookDocument.Section) -> [String: Any] {
        let source: String
        if let code = section.code {
            source = code.text
        } else {
            source = "// The code of cell '\(section.cell.name)' is not embedded in this build."
        }
        var lessonMetadata: [String: Any] = [
            "cell": section.cell.name,
            "state": section.state,
            "status": section.entry?.status.rawValue ?? "not run",
            "from_cache": section.entry?.fromCache ?? false,
        ]
        if let duration = section.entry?.duration { lessonMetadata["duration"] = duration }
        if let record = section.record {
            lessonMetadata["computed_in"] = record.duration
            lessonMetadata["version"] = record.version
            lessonMetadata["key"] = record.key
        }
        if let code = section.code {
            lessonMetadata["file"] = code.file
            lessonMetadata["line"] = code.line
            lessonMetadata["code_digest"] = code.digest
        }
        return [
            "cell_type": "code",
            "id": Self.cellID("\(section.cell.name)-code"),
            "metadata": ["lesson": lessonMetadata, "collapsed": false],
            "execution_count": section.executionCount.map { $0 as Any } ?? NSNull(),
            "source": Self.lines(source),
            "outputs": outputs(section),
        ]
    }

    private func outputs(_ section: NotebookDocument.Section) -> [[String: Any]] {
        var outputs: [[String: Any]] = []
        var bullets: [String] = []
        func flushBullets() {
            guard !bullets.isEmpty else { return }
            let markdown = bullets.map { "- \($0)" }.joined(separator: "\n")
            outputs.append(display(markdown: markdown))
            bullets = []
        }
        for block in section.results {
            if case .bullet(let text) = block {
                bullets.append(text)
                continue
            }
            flushBullets()
            switch block {
            case .paragraph(let text): outputs.append(display(markdown: text.trimmingCharacters(in: .whitespacesAndNewlines)))
            case .table(let headers, let rows):
                outputs.append(display(markdown: MarkdownRenderer.table(headers: headers, rows: rows),
                                       html: MarkdownHTML.table(headers: headers, rows: rows)))
            case .image(let path, let alt): outputs.append(image(path: path, alt: alt))
            case .bullet: break
            }
        }
        flushBullets()
        let terminal = (section.facts.isEmpty ? "" : SummaryWriter.terminalLines(section.facts) + "\n") + section.footer
        outputs.append(["output_type": "stream", "name": "stdout", "text": Self.lines(terminal + "\n")])
        return outputs
    }

    /// A result as HTML (what notebook front ends show), with markdown and plain text beside it.
    private func display(markdown: String, html: String? = nil) -> [String: Any] {
        [
            "output_type": "display_data",
            "metadata": [String: Any](),
            "data": [
                "text/html": Self.lines(html ?? MarkdownHTML.blocks(markdown)),
                "text/markdown": Self.lines(markdown),
                "text/plain": Self.lines(markdown),
            ],
        ]
    }

    private func image(path: String, alt: String) -> [String: Any] {
        let type = FigureFiles.mimeType(path)
        var bundle: [String: Any] = ["text/plain": Self.lines(alt)]
        // nbformat keeps text formats (SVG) as text and binary ones as base64.
        if type == "image/svg+xml", let data = figures.data(path), let text = String(data: data, encoding: .utf8) {
            bundle[type] = Self.lines(text)
        } else if let base64 = figures.base64(path) {
            bundle[type] = base64
        } else {
            return display(markdown: "Figure `\(path)` is missing from the output folder.")
        }
        return ["output_type": "display_data", "metadata": ["lesson": ["file": path]], "data": bundle]
    }

    /// The notebook's metadata: kernel and language for display, and the run record.
    private func metadata() throws -> [String: Any] {
        let run = try JSONSerialization.jsonObject(with: try JSONEncoder.lesson.encode(document.run))
        let cells: [[String: Any]] = document.sections.map { section in
            var cell: [String: Any] = ["name": section.cell.name, "state": section.state]
            if let entry = section.entry {
                cell["status"] = entry.status.rawValue
                cell["from_cache"] = entry.fromCache
                if let duration = entry.duration { cell["duration"] = duration }
                if let key = entry.key { cell["key"] = key }
            }
            if let record = section.record {
                cell["version"] = record.version
                cell["computed_at"] = ISO8601DateFormatter().string(from: record.computedAt)
                cell["computed_in"] = record.duration
            }
            if let code = section.code { cell["code"] = ["file": code.file, "line": code.line, "digest": code.digest] }
            return cell
        }
        return [
            "kernelspec": ["name": "swift", "display_name": "Swift", "language": "swift"],
            "language_info": ["name": "swift", "file_extension": ".swift", "mimetype": "text/x-swift"],
            "lesson": [
                "number": document.lesson.number,
                "title": document.lesson.title,
                "cache_hits": document.run.cells.filter { $0.status == .done && $0.fromCache }.map(\.name),
                "cells": cells,
                "run": run,
            ] as [String: Any],
        ]
    }

    /// Text as nbformat's list of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        lines[lines.count - 1].removeLast()
        if lines[lines.count - 1].isEmpty { lines.removeLast() }
        return lines
    }

    /// A cell id nbformat 4.5 accepts: letters, digits, `-` and `_`, at most 64 characters.
    static func cellID(_ text: String) -> String {
        let allowed = text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" }
        return String(String(allowed).prefix(64))
    }
}
