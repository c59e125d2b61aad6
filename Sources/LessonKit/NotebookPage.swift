import Foundation

/// The figures a run published, read from the output folder for inlining; each is read and
/// encoded once for the page and the notebook.
final class FigureFiles {
    let folder: URL
    private var encoded: [String: String?] = [:]

    init(folder: URL) { self.folder = folder }

    /// The bytes of figure `path` (relative to the output folder), or nil when it is missing.
    func data(_ path: String) -> Data? {
        try? Data(contentsOf: folder.appendingPathComponent(path))
    }

    /// The base64 of figure `path`, or nil when it is missing.
    func base64(_ path: String) -> String? {
        if let known = encoded[path] { return known }
        let text = data(path)?.base64EncodedString()
        encoded[path] = text
        return text
    }

    /// The MIME type of a figure by its extension.
    static func mimeType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "png": return "image/png"
        case "svg": return "image/svg+xml"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        default: return "application/octet-stream"
        }
    }
}

/// `output/<n>/index.html`: the run as one self-contained page. Figures are inlined as
/// `data:` URIs, code is in `<details>` (collapsible without JavaScript; the page has none),
/// and a print style sheet opens the code and keeps figures and tables whole on paper.
struct NotebookPage {
    let document: NotebookDocument
    let figures: FigureFiles

    func render() -> String {
        var body: [String] = ["<header>", "<h1>\(escape(document.title))</h1>"]
        for banner in document.banners {
            body.append("<div class=\"banner \(banner.kind.rawValue)\" role=\"note\">\(MarkdownHTML.blocks(banner.markdown))</div>")
        }
        body.append("</header>")
        body.append(contentsOf: introduction())
        body.append(tableOfContents())
        body.append("<main>")
        for section in document.sections { body.append(self.section(section)) }
        body.append("</main>")
        body.append("<footer><p>Rendered from the run record and the cache of <code>output/\(document.lesson.number)/</code>"
            + " by <code>lesson render \(document.lesson.number)</code>; nothing was recomputed.</p></footer>")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <link rel="icon" href="data:,">
            <style>
            \(Self.styleSheet)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    private func introduction() -> [String] {
        let lesson = document.lesson
        var parts: [String] = []
        if !lesson.introduction.isEmpty {
            parts.append(MarkdownHTML.blocks(lesson.introduction.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        if !lesson.sources.isEmpty {
            parts.append("<p><strong>Sources</strong></p>\n<ul>"
                + lesson.sources.map { "<li>\(MarkdownHTML.inline($0.citation))</li>" }.joined() + "</ul>")
        }
        parts.append("<h2 id=\"run\">Run</h2>")
        parts.append(table(headers: [], rows: document.overview, className: "overview"))
        parts.append("<h2 id=\"parameters\">Parameters</h2>")
        parts.append(table(headers: NotebookDocument.parameterHeaders, rows: document.parameters))
        if !document.inputs.isEmpty {
            parts.append("<h2 id=\"inputs\">Inputs</h2>")
            parts.append(table(headers: NotebookDocument.inputHeaders, rows: document.inputs))
        }
        return parts
    }

    private func tableOfContents() -> String {
        let items = document.sections.map { section in
            "<li><a href=\"#\(anchor(section))\">\(escape(section.cell.title))</a>"
                + " <span class=\"state \(stateClass(section))\">\(escape(section.state))</span></li>"
        }
        return "<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2>\n<ol>\n"
            + items.joined(separator: "\n") + "\n</ol></nav>"
    }

    private func anchor(_ section: NotebookDocument.Section) -> String { "cell-\(section.cell.name)" }

    private func stateClass(_ section: NotebookDocument.Section) -> String {
        section.state.replacingOccurrences(of: " ", with: "-")
    }

    private func section(_ section: NotebookDocument.Section) -> String {
        var parts = ["<section class=\"cell\" id=\"\(anchor(section))\">"]
        parts.append("<h2>\(section.number). \(escape(section.cell.title)) <code class=\"cell-name\">"
            + "\(escape(section.cell.name))</code></h2>")
        if !section.cell.purpose.isEmpty {
            parts.append("<p class=\"purpose\"><em>\(MarkdownHTML.inline(section.cell.purpose))</em></p>")
        }
        if !section.narrative.isEmpty { parts.append(MarkdownHTML.blocks(section.narrative)) }
        if let code = section.code {
            parts.append("<details class=\"code\"><summary>code · \(escape(code.location))</summary>"
                + "<pre><code class=\"language-swift\">\(escape(code.text))</code></pre></details>")
        }
        if section.isStale {
            parts.append("<div class=\"banner stale\">\(MarkdownHTML.blocks(document.staleNote(section)))</div>")
        }
        parts.append(contentsOf: results(section.results))
        if !section.facts.isEmpty {
            parts.append("<pre class=\"facts\">"
                + escape(SummaryWriter.terminalLines(section.facts)) + "</pre>")
        }
        parts.append("<p class=\"status\"><span class=\"state \(stateClass(section))\">\(escape(section.state))</span> "
            + "\(escape(section.footer))</p>")
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private func results(_ blocks: [SummaryBlock]) -> [String] {
        var parts: [String] = []
        var bullets: [String] = []
        func flushBullets() {
            if !bullets.isEmpty { parts.append("<ul>" + bullets.map { "<li>\(MarkdownHTML.inline($0))</li>" }.joined() + "</ul>") }
            bullets = []
        }
        for block in blocks {
            if case .bullet(let text) = block {
                bullets.append(text)
                continue
            }
            flushBullets()
            switch block {
            case .paragraph(let text): parts.append(MarkdownHTML.blocks(text))
            case .table(let headers, let rows): parts.append(table(headers: headers, rows: rows))
            case .image(let path, let alt): parts.append(figure(path: path, alt: alt))
            case .bullet: break
            }
        }
        flushBullets()
        return parts
    }

    private func figure(path: String, alt: String) -> String {
        guard let base64 = figures.base64(path) else {
            return "<p class=\"missing\">Figure <code>\(escape(path))</code> is missing from the output folder "
                + "(run the lesson again to publish it).</p>"
        }
        let source = "data:\(FigureFiles.mimeType(path));base64,\(base64)"
        return "<figure><img src=\"\(source)\" alt=\"\(escape(alt))\" data-file=\"\(escape(path))\">"
            + "<figcaption>\(escape(alt)) <span class=\"file\">(\(escape(path)))</span></figcaption></figure>"
    }

    private func table(headers: [String], rows: [[String]], className: String? = nil) -> String {
        MarkdownHTML.table(headers: headers, rows: rows, className: className)
    }

    private func escape(_ text: String) -> String { MarkdownHTML.escape(text) }

    static let styleSheet = """
        :root { color-scheme: light; --ink: #1d1f23; --muted: #5c6370; --rule: #d9dce1; --code: #f5f6f8; }
        body { font: 16px/1.55 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif;
               color: var(--ink); max-width: 56rem; margin: 2rem auto; padding: 0 1.25rem; }
        h1 { font-size: 1.9rem; line-height: 1.2; }
        h2 { font-size: 1.35rem; margin-top: 2rem; }
        code { font: 0.9em/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: var(--code);
               padding: 0.05em 0.25em; border-radius: 3px; }
        pre { background: var(--code); padding: 0.75rem 1rem; overflow-x: auto; border-radius: 4px; }
        pre code { background: none; padding: 0; font-size: 0.85rem; }
        a { color: #0b5cad; }
        .banner { border-left: 4px solid #6b7280; background: #f3f4f6; padding: 0.25rem 1rem; margin: 1rem 0; }
        .banner.failure { border-color: #b42318; background: #fef3f2; }
        .banner.interruption, .banner.warning, .banner.stale { border-color: #b54708; background: #fffaeb; }
        .banner.note { border-color: #175cd3; background: #eff8ff; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
        th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
        th { border-bottom: 2px solid var(--ink); }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        nav.toc { border: 1px solid var(--rule); border-radius: 4px; padding: 0 1rem 0.5rem; margin: 2rem 0; }
        nav.toc h2 { font-size: 1.1rem; margin: 0.75rem 0 0.25rem; }
        section.cell { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
        .cell-name { font-size: 0.8em; color: var(--muted); }
        .purpose { color: var(--muted); }
        details.code { margin: 1rem 0; }
        details.code summary { cursor: pointer; color: var(--muted); font-family: "DejaVu Sans Mono", Menlo, monospace;
                               font-size: 0.85rem; }
        figure { margin: 1.25rem 0; }
        figure img { max-width: 100%; height: auto; display: block; }
        figcaption, .file { color: var(--muted); font-size: 0.88rem; }
        pre.facts { background: #fbfbfc; border: 1px solid var(--rule); }
        .status { color: var(--muted); font-size: 0.9rem; }
        .state { display: inline-block; font-size: 0.78rem; padding: 0 0.45em; border-radius: 0.6em;
                 border: 1px solid currentColor; }
        .state.computed { color: #067647; }
        .state.loaded-from-cache { color: #175cd3; }
        .state.stale, .state.interrupted, .state.running { color: #b54708; }
        .state.failed { color: #b42318; }
        .missing { color: #b42318; }
        footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; }
        @media print {
          body { max-width: none; margin: 0; font-size: 11pt; }
          nav.toc { break-after: page; }
          section.cell { break-before: auto; }
          h2 { break-after: avoid; }
          figure, table, pre, .banner { break-inside: avoid; }
          details.code summary { list-style: none; }
          details.code::details-content { content-visibility: visible; display: block; }
          pre { white-space: pre-wrap; overflow: visible; }
          a { color: inherit; }
        }
        """
}
