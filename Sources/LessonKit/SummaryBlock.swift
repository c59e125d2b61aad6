import Foundation

/// One piece of a cell's section in `summary.md`.
public enum SummaryBlock: Codable, Equatable, Sendable {
    /// Markdown text.
    case paragraph(String)
    /// A list item (consecutive bullets form one list).
    case bullet(String)
    /// A table with a header row.
    case table(headers: [String], rows: [[String]])
    /// A figure, by its path relative to the lesson's output folder.
    case image(path: String, alt: String)
}

/// Collects a cell's summary section; the runner stores it with the cell's cached
/// state so a cell loaded from cache shows the same section.
public final class SummaryBuilder {
    /// The blocks so far, in order.
    public private(set) var blocks: [SummaryBlock] = []

    public init() {}

    /// Adds a markdown paragraph.
    public func paragraph(_ markdown: String) { blocks.append(.paragraph(markdown)) }

    /// Adds a list item.
    public func bullet(_ markdown: String) { blocks.append(.bullet(markdown)) }

    /// Adds a table; each row should have as many cells as `headers`.
    public func table(headers: [String], rows: [[String]]) { blocks.append(.table(headers: headers, rows: rows)) }

    /// Adds a figure. `path` is the published name (as given to `outputURL(named:)`), relative to `output/<n>/`.
    public func image(path: String, alt: String) { blocks.append(.image(path: path, alt: alt)) }
}

/// Renders summary blocks as markdown that reads well on a code-hosting site and in a pager.
enum MarkdownRenderer {
    static func render(_ blocks: [SummaryBlock]) -> String {
        var parts: [String] = []
        var bullets: [String] = []
        func flushBullets() {
            if !bullets.isEmpty { parts.append(bullets.map { "- \($0)" }.joined(separator: "\n")) }
            bullets = []
        }
        for block in blocks {
            if case .bullet(let text) = block {
                bullets.append(text)
                continue
            }
            flushBullets()
            switch block {
            case .paragraph(let text): parts.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            case .table(let headers, let rows): parts.append(table(headers: headers, rows: rows))
            case .image(let path, let alt): parts.append("![\(escape(alt))](\(linkPath(path)))")
            case .bullet: break
            }
        }
        flushBullets()
        return parts.joined(separator: "\n\n")
    }

    static func table(headers: [String], rows: [[String]]) -> String {
        let columns = max(headers.count, rows.map(\.count).max() ?? 0)
        func pad(_ row: [String]) -> [String] { row + Array(repeating: "", count: columns - row.count) }
        func line(_ row: [String]) -> String { "| " + pad(row).map(cell).joined(separator: " | ") + " |" }
        let numeric = (0..<columns).map { column in
            !rows.isEmpty && rows.allSatisfy { column >= $0.count || Double($0[column]) != nil || $0[column].isEmpty }
        }
        let rule = "|" + numeric.map { $0 ? " ---: " : " --- " }.joined(separator: "|") + "|"
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "]", with: "\\]")
    }

    /// Spaces in a link target break markdown links; percent-encode them.
    private static func linkPath(_ path: String) -> String {
        path.replacingOccurrences(of: " ", with: "%20")
    }
}
