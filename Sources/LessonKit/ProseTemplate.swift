import Foundation

/// Prose with placeholders, as a lesson file's narratives are written: `{{load-dataset.images}}`,
/// `{{parameters.resize_to}}`, `{{reference.accuracy | percent}}`.
///
/// A placeholder names a source and a key:
/// - `parameters.NAME`: the run's value of a parameter the cell declares;
/// - `reference.NAME`: a value of the lesson file's `[reference]` table (the real lesson's result);
/// - `CELL.NAME`: a value that cell (this one or one upstream of it) declares in `records` and
///   records with `CellContext.record` when it runs.
///
/// The only filter is `percent` (a fraction shown as 97.27%). Unknown placeholders are errors when
/// the lesson file is read; a value not known yet (its cell has not run) renders as `…`.
public struct ProseTemplate: Equatable, Sendable {
    /// One `{{source.key | filter}}`.
    public struct Placeholder: Equatable, Sendable {
        public let source: String
        public let key: String
        public let filter: String?
        /// The text it replaces, braces included.
        public let text: String
    }

    public static let filters = ["percent"]
    /// What a placeholder renders as when its value is not known.
    public static let unknown = "…"

    enum Piece: Equatable, Sendable {
        case text(String)
        case placeholder(Placeholder)
    }

    let pieces: [Piece]

    /// The placeholders, in order.
    public var placeholders: [Placeholder] {
        pieces.compactMap { if case .placeholder(let p) = $0 { return p } else { return nil } }
    }

    /// Splits `text` into literal text and placeholders; a malformed placeholder is an error naming it.
    public init(_ text: String) throws {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw ProseTemplateError.malformed(String(rest[open.lowerBound...].prefix(40)))
            }
            let inside = rest[open.upperBound..<close.lowerBound]
            let whole = String(rest[open.lowerBound..<close.upperBound])
            let parts = inside.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let name = parts[0]
            guard parts.count <= 2, let dot = name.firstIndex(of: "."), dot != name.startIndex,
                  name.index(after: dot) != name.endIndex,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ProseTemplateError.malformed(whole)
            }
            let filter = parts.count == 2 ? parts[1] : nil
            pieces.append(.placeholder(Placeholder(source: String(name[..<dot]), key: String(name[name.index(after: dot)...]),
                                                   filter: filter, text: whole)))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        self.pieces = pieces
    }

    /// The text with every placeholder replaced by `value(placeholder)` (`…` when nil), filtered.
    public func render(_ value: (Placeholder) -> String?) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): return text
            case .placeholder(let placeholder):
                guard let raw = value(placeholder) else { return Self.unknown }
                return Self.apply(placeholder.filter, to: raw)
            }
        }.joined()
    }

    static func apply(_ filter: String?, to value: String) -> String {
        switch filter {
        case "percent":
            guard let number = Double(value) else { return value }
            return String(format: "%.2f%%", number * 100)
        default:
            return value
        }
    }
}

/// A placeholder that cannot be parsed.
public enum ProseTemplateError: Error, CustomStringConvertible, Equatable {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "'\(text)' is not a placeholder of the form {{source.key}} or {{source.key | percent}}"
        }
    }
}
