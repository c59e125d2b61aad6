import Foundation

/// The Swift code of one cell as the notebook views show it: the cell type's declaration, cut
/// from the source file compiled into the binary (see `SourceFile`).
///
/// `digest` is the SHA-256 of the *whole file's* text, not of the cut-out lines: a cell's
/// behaviour also depends on the private helpers beside it in its file, so any edit to the
/// file, even to a comment or whitespace, changes the digest (and, as a cache key input,
/// reruns the cell). Code in other files (library code, shared helpers) is not covered.
public struct CellCode: Codable, Equatable, Sendable {
    /// The path of the file relative to the package root: `Sources/BigTransferLesson/Train.swift`.
    public var file: String
    /// The 1-based line of the first line of `text` in the file.
    public var line: Int
    /// The declaration's lines, from its doc comment to its closing brace, without a final newline.
    public var text: String
    /// The SHA-256 (hex) of the whole file's text.
    public var digest: String

    public init(file: String, line: Int, text: String, digest: String) {
        self.file = file
        self.line = line
        self.text = text
        self.digest = digest
    }

    /// "Sources/TourLesson/ReadNumbers.swift:12".
    public var location: String { "\(file):\(line)" }

    /// The top-level `struct <typeName>` of `source` that conforms to `Cell` (among other
    /// conformances), from the `///` doc comment and attribute lines directly above it to its
    /// closing brace; nil when the file has no such declaration. Braces inside comments and
    /// string literals (multi-line and raw ones included) do not count.
    public static func extract(typeName: String, from source: SourceFile) -> CellCode? {
        // Most files do not name the type at all: skip lexing them.
        guard source.text.contains(typeName) else { return nil }
        let scanner = SwiftBraceScanner(source.text)
        guard let span = scanner.structDeclaration(named: typeName, conformingTo: "Cell") else { return nil }
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        var first = span.firstLine
        while first > 0 {
            let above = lines[first - 1].trimmingCharacters(in: .whitespaces)
            guard above.hasPrefix("///") || above.hasPrefix("@") else { break }
            first -= 1
        }
        let text = lines[first...span.lastLine].joined(separator: "\n")
        return CellCode(file: source.path, line: first + 1, text: text, digest: source.sha256)
    }

    /// The type name of cell `id`: the id in UpperCamelCase (`load-dataset` → `LoadDataset`).
    public static func typeName(ofCell id: String) -> String {
        id.split(whereSeparator: { $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// The code of each cell of `cells` (ids) found in `files`: a cell's type is looked for in
    /// the file named for it first (`LoadDataset.swift`), then in every file. Cells whose type
    /// is not found are left out.
    public static func locate(cells: [String], in files: [SourceFile]) -> [String: CellCode] {
        var result: [String: CellCode] = [:]
        for cell in cells {
            let type = typeName(ofCell: cell)
            let named = files.filter { ($0.path as NSString).lastPathComponent == "\(type).swift" }
            for file in named + files {
                if let code = extract(typeName: type, from: file) {
                    result[cell] = code
                    break
                }
            }
        }
        return result
    }
}

/// A small lexer over Swift source that knows which characters are code and which are inside
/// comments (`//`, nested `/* */`) or string literals (`"..."`, `"""..."""`, raw `#"..."#`, with
/// `\(...)` interpolations lexed as code), enough to match braces and find top-level declarations.
struct SwiftBraceScanner {
    /// A declaration's first and last lines (0-based).
    struct Span: Equatable {
        var firstLine: Int
        var lastLine: Int
    }

    private let scalars: [Unicode.Scalar]
    /// Whether each scalar is code (not in a comment or string literal).
    private(set) var isCode: [Bool]

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        isCode = Array(repeating: true, count: scalars.count)
        var index = 0
        lexCode(&index, untilParen: false)
    }

    /// The lines of the top-level `struct <name>` whose inheritance clause names `conformance`.
    func structDeclaration(named name: String, conformingTo conformance: String) -> Span? {
        var depth = 0
        var index = 0
        while index < scalars.count {
            guard isCode[index] else { index += 1; continue }
            let scalar = scalars[index]
            if scalar == "{" { depth += 1 } else if scalar == "}" { depth -= 1 }
            if depth == 0, isIdentifierStart(scalar), index == 0 || !isIdentifierPart(scalars[index - 1]) {
                let (word, end) = word(at: index)
                if word == "struct", let span = declaration(after: end, name: name, conformance: conformance, start: index) {
                    return span
                }
                index = end
                continue
            }
            index += 1
        }
        return nil
    }

    /// The span of the struct declared at `start` when it is `name` conforming to `conformance`.
    private func declaration(after keywordEnd: Int, name: String, conformance: String, start: Int) -> Span? {
        var index = keywordEnd
        while index < scalars.count, isCode[index], scalars[index].properties.isWhitespace { index += 1 }
        let (identifier, afterName) = word(at: index)
        guard identifier == name else { return nil }
        // The inheritance clause, generic parameters and where clause run up to the body's brace.
        index = afterName
        var clause = ""
        while index < scalars.count, !(isCode[index] && scalars[index] == "{") {
            if isCode[index] { clause.unicodeScalars.append(scalars[index]) }
            index += 1
        }
        guard index < scalars.count else { return nil }
        let names = clause.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
        guard names.contains(where: { $0 == conformance || $0.hasSuffix(".\(conformance)") }) else { return nil }
        var depth = 0
        while index < scalars.count {
            if isCode[index] {
                if scalars[index] == "{" { depth += 1 }
                if scalars[index] == "}" {
                    depth -= 1
                    if depth == 0 { return Span(firstLine: line(of: start), lastLine: line(of: index)) }
                }
            }
            index += 1
        }
        return nil
    }

    private func line(of index: Int) -> Int {
        scalars[..<index].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    }

    private func word(at start: Int) -> (String, Int) {
        var end = start
        var word = ""
        while end < scalars.count, isCode[end], isIdentifierPart(scalars[end]) {
            word.unicodeScalars.append(scalars[end])
            end += 1
        }
        return (word, end)
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    private func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || ("0"..."9").contains(scalar)
    }

    // MARK: lexing

    private func peek(_ index: Int, _ text: [Unicode.Scalar]) -> Bool {
        guard index + text.count <= scalars.count else { return false }
        for offset in 0..<text.count where scalars[index + offset] != text[offset] { return false }
        return true
    }

    private func peek(_ index: Int, _ text: String) -> Bool { peek(index, Array(text.unicodeScalars)) }

    private static let lineComment: [Unicode.Scalar] = ["/", "/"]
    private static let blockOpen: [Unicode.Scalar] = ["/", "*"]
    private static let blockClose: [Unicode.Scalar] = ["*", "/"]

    /// Lexes code from `index`; inside an interpolation it stops after the `)` closing it.
    private mutating func lexCode(_ index: inout Int, untilParen: Bool) {
        var parens = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "/", peek(index, Self.lineComment) {
                while index < scalars.count, scalars[index] != "\n" { isCode[index] = false; index += 1 }
            } else if scalar == "/", peek(index, Self.blockOpen) {
                lexBlockComment(&index)
            } else if scalar == "\"" || scalar == "#" {
                var hashes = 0
                while index + hashes < scalars.count, scalars[index + hashes] == "#" { hashes += 1 }
                if index + hashes < scalars.count, scalars[index + hashes] == "\"" {
                    lexString(&index, hashes: hashes)
                } else {
                    index += max(hashes, 1)
                }
            } else {
                if untilParen {
                    if scalar == "(" { parens += 1 }
                    if scalar == ")" {
                        if parens == 0 { index += 1; return }
                        parens -= 1
                    }
                }
                index += 1
            }
        }
    }

    /// A `/* ... */` comment; Swift's nest.
    private mutating func lexBlockComment(_ index: inout Int) {
        var depth = 0
        while index < scalars.count {
            if peek(index, Self.blockOpen) {
                depth += 1
                isCode[index] = false; isCode[index + 1] = false
                index += 2
            } else if peek(index, Self.blockClose) {
                depth -= 1
                isCode[index] = false; isCode[index + 1] = false
                index += 2
                if depth == 0 { return }
            } else {
                isCode[index] = false
                index += 1
            }
        }
    }

    /// A string literal starting at `index` with `hashes` leading `#` (a raw string when > 0).
    private mutating func lexString(_ index: inout Int, hashes: Int) {
        let pounds = String(repeating: "#", count: hashes)
        let multiline = peek(index + hashes, "\"\"\"")
        let opening = hashes + (multiline ? 3 : 1)
        let closing = Array(((multiline ? "\"\"\"" : "\"") + pounds).unicodeScalars)
        let escape = Array(("\\" + pounds).unicodeScalars)
        for offset in 0..<opening { isCode[index + offset] = false }
        index += opening
        while index < scalars.count {
            if peek(index, closing) {
                for offset in 0..<closing.count { isCode[index + offset] = false }
                index += closing.count
                return
            }
            if peek(index, escape) {
                let length = escape.count
                for offset in 0..<length { isCode[index + offset] = false }
                index += length
                guard index < scalars.count else { return }
                if scalars[index] == "(" {
                    isCode[index] = false
                    index += 1
                    lexCode(&index, untilParen: true)
                    if index > 0 { isCode[index - 1] = false }
                } else {
                    isCode[index] = false
                    index += 1
                }
                continue
            }
            if !multiline, scalars[index] == "\n" { return }  // unterminated: let the compiler say so
            isCode[index] = false
            index += 1
        }
    }
}
