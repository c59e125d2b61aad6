import Foundation
@testable import LessonKit
import Testing

/// `index.html` and the `.ipynb` written beside `summary.md`, from the run record and the cache.
@Suite struct NotebookViewsTests {
    static let codeOfA = CellCode(file: "Sources/TestLesson/A.swift", line: 3,
                                  text: "/// Reads `alpha` <and> \"data\".\nstruct A: Cell {\n    let fence = \"```\"\n}",
                                  digest: String(repeating: "ab", count: 32))

    private func read(_ fixture: RunnerFixture, _ name: String) throws -> String {
        try String(contentsOf: fixture.store.outputDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    private func readNotebook(_ fixture: RunnerFixture) throws -> [String: Any] {
        let data = try Data(contentsOf: fixture.store.outputDirectory.appendingPathComponent("lesson-7.ipynb"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyRunWritesThePageWithOneSectionPerCellAndInlinedFigures() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        let page = try read(fixture, "index.html")
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(page.contains("<title>Lesson 7: Test lesson</title>"))
        #expect(page.contains("<div class=\"banner note\" role=\"note\"><p>Test banner.</p></div>"))
        #expect(page.components(separatedBy: "<section class=\"cell\"").count == 5)
        #expect(page.contains("<li><a href=\"#cell-a\">First</a> <span class=\"state computed\">computed</span></li>"))
        let figure = "data:image/svg+xml;base64,\(Data("figure".utf8).base64EncodedString())"
        #expect(page.contains("<img src=\"\(figure)\" alt=\"figure of a\" data-file=\"01-a.svg\">"))
        #expect(page.contains("<td><code>alpha</code></td><td><code>1</code></td><td>default</td><td>read by a</td>"))
        #expect(page.contains("<pre class=\"facts\">• alpha: 1</pre>"))
        #expect(page.contains("<tr><td>b</td><td>state of a</td></tr>"))
        #expect(page.contains("<p class=\"status\"><span class=\"state computed\">computed</span> Ran in "))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<details"), "no code is known for the test cells")

        try fixture.run()
        let again = try read(fixture, "index.html")
        #expect(again.contains("<span class=\"state loaded-from-cache\">loaded from cache</span> Loaded from cache (computed "))
    }

    @Test func theNotebookHoldsEachCellWithItsOutputsAndTheRunRecord() throws {
        let fixture = try RunnerFixture()
        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "alpha", value: "3")]))
        let notebook = try readNotebook(fixture)
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown"] + Array(repeating: ["markdown", "code"], count: 4).flatMap { $0 })
        #expect(cells.map { $0["id"] as? String } == ["lesson", "a-text", "a-code", "b-text", "b-code", "c-text", "c-code",
                                                       "d-text", "d-code"])
        let header = (cells[0]["source"] as? [String])?.joined() ?? ""
        #expect(header.hasPrefix("# Lesson 7: Test lesson\n\n> Test banner.\n\n"))
        #expect(header.contains("| `alpha` | `3` | --set | read by a |"))
        #expect((cells[1]["source"] as? [String])?.joined() == "## 1. First (`a`)\n\n*Reads the data.*\n\nNarrative of a.")

        let code = cells.filter { $0["cell_type"] as? String == "code" }
        // a, b, c, d run in this order (the topological order, ties by declaration).
        #expect(code.map { $0["execution_count"] as? Int } == [1, 2, 3, 4])
        let outputsOfA = try #require(code[0]["outputs"] as? [[String: Any]])
        #expect(outputsOfA.map { $0["output_type"] as? String } == ["display_data", "display_data", "stream"])
        let figure = try #require(outputsOfA[1]["data"] as? [String: Any])
        #expect((figure["image/svg+xml"] as? [String])?.joined() == "figure")
        let stream = (outputsOfA[2]["text"] as? [String])?.joined() ?? ""
        #expect(stream.hasPrefix("• alpha: 3\nRan in "))
        let outputsOfB = try #require(code[1]["outputs"] as? [[String: Any]])
        let table = try #require(outputsOfB[0]["data"] as? [String: Any])
        #expect((table["text/html"] as? [String])?.joined().contains("<tr><td>b</td><td>state of a</td></tr>") == true)
        #expect((outputsOfB[1]["text"] as? [String])?.joined().hasPrefix("• beta: 0.5\nRan in ") == true)

        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "swift")
        let lesson = try #require(metadata["lesson"] as? [String: Any])
        let run = try #require(lesson["run"] as? [String: Any])
        let parameters = try #require(run["parameters"] as? [[String: Any]])
        #expect(parameters.contains { $0["name"] as? String == "alpha" && $0["value"] as? String == "3" })
        let cellMetadata = try #require(lesson["cells"] as? [[String: Any]])
        #expect(cellMetadata.map { $0["version"] as? String } == ["1", "1", "1", "1"])
        #expect(lesson["cache_hits"] as? [String] == [])

        try fixture.run(RunRequest(assignments: [ParameterAssignment(key: "alpha", value: "3"),
                                                  ParameterAssignment(key: "beta", value: "0.25")]))
        let rerun = try readNotebook(fixture)
        let hits = (rerun["metadata"] as? [String: Any]).flatMap { $0["lesson"] as? [String: Any] }?["cache_hits"]
        #expect(hits as? [String] == ["a", "d"])
    }

    @Test func knownCodeIsShownInAllThreeViewsAndTheCodeBlockSurvivesBackticks() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        let run = try #require(RunRecord.load(from: fixture.store))
        let writer = SummaryWriter(lesson: fixture.lesson, store: fixture.store, code: ["a": Self.codeOfA])
        try writer.write(run: run, sections: SummaryWriter.storedRecords(of: run, in: fixture.store))

        let summary = try read(fixture, "summary.md")
        #expect(summary.contains("Narrative of a.\n\n`Sources/TestLesson/A.swift:3`\n\n````swift\n\(Self.codeOfA.text)\n````\n\n"
            + "a saw alpha = 1"))
        let page = try read(fixture, "index.html")
        #expect(page.contains("<details class=\"code\"><summary>code · Sources/TestLesson/A.swift:3</summary>"
            + "<pre><code class=\"language-swift\">/// Reads `alpha` &lt;and&gt; &quot;data&quot;.\nstruct A: Cell {\n"
            + "    let fence = &quot;```&quot;\n}</code></pre></details>"))
        #expect(page.components(separatedBy: "<details").count == 2)
        let cells = try #require(try readNotebook(fixture)["cells"] as? [[String: Any]])
        #expect((cells[2]["source"] as? [String])?.joined() == Self.codeOfA.text)
        let lesson = (cells[2]["metadata"] as? [String: Any])?["lesson"] as? [String: Any]
        #expect(lesson?["file"] as? String == "Sources/TestLesson/A.swift")
        #expect(lesson?["line"] as? Int == 3)
        #expect((cells[4]["source"] as? [String])?.joined() == "// The code of cell 'b' is not embedded in this build.")
    }

    @Test func renderingFromTheCacheNeedsARunRecord() throws {
        let fixture = try RunnerFixture()
        let writer = SummaryWriter(lesson: fixture.lesson, store: fixture.store)
        #expect(throws: RenderError.noRun(lesson: 7, folder: fixture.store.outputDirectory.path)) {
            try writer.writeFromCache()
        }
        try fixture.run()
        let written = try read(fixture, "index.html")
        try FileManager.default.removeItem(at: writer.pageURL)
        try writer.writeFromCache()
        #expect(try read(fixture, "index.html") == written)
    }

    @Test func markdownBecomesEscapedHTML() {
        #expect(MarkdownHTML.inline("a `x < y` and **bold** and *it* and [link](https://e.org/a_b)")
            == "a <code>x &lt; y</code> and <strong>bold</strong> and <em>it</em> and <a href=\"https://e.org/a_b\">link</a>")
        #expect(MarkdownHTML.inline("snake_case_name, 3 * 4 and <https://x.org>")
            == "snake_case_name, 3 * 4 and <a href=\"https://x.org\">https://x.org</a>")
        #expect(MarkdownHTML.inline("<script>alert(1)</script> [x](javascript:alert(1))")
            == "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))")
        #expect(MarkdownHTML.blocks("One\nline.\n\n- a\n- `b`\n\n1. first\n2. second\n\n> **Note:** quoted")
            == "<p>One\nline.</p>\n<ul><li>a</li><li><code>b</code></li></ul>\n<ol><li>first</li><li>second</li></ol>\n"
            + "<blockquote><p><strong>Note:</strong> quoted</p></blockquote>")
    }

    @Test func notebookTextIsSplitIntoLinesThatJoinBack() {
        #expect(NotebookFile.lines("a\nb\n") == ["a\n", "b\n"])
        #expect(NotebookFile.lines("a\n\nb") == ["a\n", "\n", "b"])
        #expect(NotebookFile.lines("") == [])
        #expect(NotebookFile.cellID("load dataset/1") == "load-dataset-1")
    }
}
