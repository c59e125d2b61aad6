import Foundation

/// The markdown subset the lessons' prose uses, as HTML: paragraphs, `-`/`*` and `1.` lists,
/// block quotes, and inline code, bold, italics, links (`[text](url)` and `<url>`). Everything
/// else is text, HTML-escaped, so nothing in a narrative or a result can inject markup.
enum MarkdownHTML {
    /// Block-level markdown as HTML.
    static func blocks(_ markdown: String) -> String {
        var html: [String] = []
        for block in paragraphs(markdown) {
            let lines = block.split(separator: "\n").map(String.init)
            if lines.allSatisfy({ $0.hasPrefix(">") }) {
                let inner = lines.map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) }
                    .joined(separator: "\n")
                html.append("<blockquote>\(blocks(inner))</blockquote>")
            } else if lines.allSatisfy({ bulletText($0) != nil }) {
                html.append("<ul>" + lines.map { "<li>\(inline(bulletText($0)!))</li>" }.joined() + "</ul>")
            } else if lines.allSatisfy({ numberedText($0) != nil }) {
                html.append("<ol>" + lines.map { "<li>\(inline(numberedText($0)!))</li>" }.joined() + "</ol>")
            } else {
                html.append("<p>\(inline(lines.joined(separator: "\n")))</p>")
            }
        }
        return html.joined(separator: "\n")
    }

    /// Splits on blank lines.
    private static func paragraphs(_ markdown: String) -> [String] {
        var result: [String] = []
        var current: [Substring] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    private static func bulletText(_ line: String) -> String? {
        for marker in ["- ", "* ", "+ "] where line.hasPrefix(marker) { return String(line.dropFirst(2)) }
        return nil
    }

    private static func numberedText(_ line: String) -> String? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { return nil }
        return String(line.dropFirst(digits.count + 2))
    }

    /// Inline markdown as HTML (no block structure).
    static func inline(_ markdown: String) -> String {
        let characters = Array(markdown)
        var html = ""
        var index = 0
        var bold = false
        var italic = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count, "\\`*_[]()<>#|!".contains(characters[index + 1]) {
                html += escape(String(characters[index + 1]))
                index += 2
            } else if character == "`" {
                let ticks = characters[index...].prefix { $0 == "`" }.count
                let fence = String(repeating: "`", count: ticks)
                let rest = String(characters[(index + ticks)...])
                if let close = rest.range(of: fence) {
                    let code = String(rest[..<close.lowerBound]).trimmingCharacters(in: .init(charactersIn: " "))
                    html += "<code>\(escape(code))</code>"
                    index += ticks + rest.distance(from: rest.startIndex, to: close.upperBound)
                } else {
                    html += fence
                    index += ticks
                }
            } else if character == "*" && index + 1 < characters.count && characters[index + 1] == "*" {
                let closing = bold || String(characters[(index + 2)...]).contains("**")
                if closing { html += bold ? "</strong>" : "<strong>"; bold.toggle() } else { html += "**" }
                index += 2
            } else if character == "*" || character == "_", isEmphasisMarker(characters, index, opening: !italic) {
                let closing = italic || String(characters[(index + 1)...]).contains(character)
                if closing { html += italic ? "</em>" : "<em>"; italic.toggle() } else { html += String(character) }
                index += 1
            } else if character == "[", let (text, url, length) = link(characters, index) {
                html += "<a href=\"\(escape(url))\">\(inline(text))</a>"
                index += length
            } else if character == "<", let (url, length) = autolink(characters, index) {
                html += "<a href=\"\(escape(url))\">\(escape(url))</a>"
                index += length
            } else {
                html += escape(String(character))
                index += 1
            }
        }
        if italic { html += "</em>" }
        if bold { html += "</strong>" }
        return html
    }

    /// A single `*` or `_` opens emphasis before the start of a word and closes it after the
    /// end of one (`snake_case` names and `3 * 4` stay as they are).
    private static func isEmphasisMarker(_ characters: [Character], _ index: Int, opening: Bool) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = index + 1 < characters.count ? characters[index + 1] : " "
        if opening { return !after.isWhitespace && !(before.isLetter || before.isNumber) }
        return !before.isWhitespace && !(after.isLetter || after.isNumber)
    }

    /// `[text](url)` at `index`: its text, url and length.
    private static func link(_ characters: [Character], _ index: Int) -> (String, String, Int)? {
        guard let close = characters[index...].firstIndex(of: "]"), close + 1 < characters.count,
              characters[close + 1] == "(", let end = characters[(close + 1)...].firstIndex(of: ")") else { return nil }
        let url = String(characters[(close + 2)..<end])
        // Links go to web pages, files and anchors, never to scripts.
        guard !url.contains(" "), !url.lowercased().hasPrefix("javascript:") else { return nil }
        return (String(characters[(index + 1)..<close]), url, end - index + 1)
    }

    /// `<https://...>` at `index`: the url and the length.
    private static func autolink(_ characters: [Character], _ index: Int) -> (String, Int)? {
        guard let end = characters[index...].firstIndex(of: ">") else { return nil }
        let url = String(characters[(index + 1)..<end])
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") else { return nil }
        return (url, end - index + 1)
    }

    /// A table whose cells are inline markdown; numeric columns are right-aligned.
    static func table(headers: [String], rows: [[String]], className: String? = nil) -> String {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        let numeric = (0..<columns).map { column in
            !rows.isEmpty && rows.allSatisfy { column >= $0.count || Double($0[column]) != nil || $0[column].isEmpty }
        }
        func cells(_ row: [String], tag: String) -> String {
            (0..<columns).map { column in
                let text = column < row.count ? row[column] : ""
                let align = numeric[column] ? " class=\"number\"" : ""
                return "<\(tag)\(align)>\(inline(text))</\(tag)>"
            }.joined()
        }
        var html = "<div class=\"table\"><table\(className.map { " class=\"\($0)\"" } ?? "")>"
        if !headers.isEmpty { html += "<thead><tr>\(cells(headers, tag: "th"))</tr></thead>" }
        html += "<tbody>" + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined(separator: "\n") + "</tbody></table></div>"
        return html
    }

    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
