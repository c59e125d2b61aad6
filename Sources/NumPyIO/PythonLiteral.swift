/// A value of the small subset of Python literal syntax a `.npy` header uses.
///
/// numpy writes the header with `repr` of a dict and reads it back with
/// `ast.literal_eval`, so any spacing, trailing commas, either quote style and
/// Python 2 long integers (`3L`) may appear; this parser accepts all of them.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    /// A dict with string keys, in source order.
    case dictionary([(key: String, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case (.none, .none): return true
        case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): return a == b
        case let (.dictionary(a), .dictionary(b)):
            return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    /// The value stored under `key` when this is a dictionary.
    subscript(key: String) -> PythonLiteral? {
        guard case .dictionary(let entries) = self else { return nil }
        return entries.last { $0.key == key }?.value
    }

    /// Parses `text` as exactly one literal (surrounding whitespace allowed).
    /// - Throws: `PythonLiteralError` with the offending position.
    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("unexpected text after the literal") }
        return value
    }
}

/// Where and why a header literal could not be parsed.
struct PythonLiteralError: Error, CustomStringConvertible {
    let position: Int
    let reason: String
    var description: String { "\(reason) at character \(position)" }
}

/// A recursive-descent parser over Unicode scalars.
private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0

    var atEnd: Bool { index >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    func error(_ reason: String) -> PythonLiteralError {
        PythonLiteralError(position: index, reason: reason)
    }

    mutating func skipWhitespace() {
        while let scalar = current, scalar.properties.isWhitespace { index += 1 }
    }

    mutating func value() throws -> PythonLiteral {
        skipWhitespace()
        guard let scalar = current else { throw error("unexpected end of header") }
        switch scalar {
        case "{": return try dictionary()
        case "(": return try sequence(closing: ")")
        case "[": return try sequence(closing: "]")
        case "'", "\"": return .string(try string())
        case "-", "+", "0"..."9": return .integer(try integer())
        default: return try word()
        }
    }

    /// `True`, `False`, `None`, or a string with a `u`/`b` prefix (Python 2 headers).
    mutating func word() throws -> PythonLiteral {
        let start = index
        while let scalar = current, scalar.properties.isAlphabetic || scalar == "_" { index += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<index]))
        switch word {
        case "True": return .boolean(true)
        case "False": return .boolean(false)
        case "None": return .none
        case "u", "b", "U", "B":
            if current == "'" || current == "\"" { return .string(try string()) }
        default: break
        }
        index = start
        throw error(word.isEmpty ? "unexpected character '\(scalars[start])'" : "unknown name '\(word)'")
    }

    mutating func string() throws -> String {
        let quote = scalars[index]
        index += 1
        var result = String.UnicodeScalarView()
        while let scalar = current {
            index += 1
            if scalar == quote { return String(result) }
            if scalar == "\\" {
                guard let escaped = current else { break }
                index += 1
                result.append(Self.unescape(escaped))
            } else {
                result.append(scalar)
            }
        }
        throw error("unterminated string")
    }

    static func unescape(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        default: return scalar  // \\, \', \" and anything else stand for themselves
        }
    }

    mutating func integer() throws -> Int {
        let start = index
        if current == "-" || current == "+" { index += 1 }
        while let scalar = current, ("0"..."9").contains(scalar) { index += 1 }
        let digits = String(String.UnicodeScalarView(scalars[start..<index]))
        if current == "L" || current == "l" { index += 1 }  // Python 2 long integer
        guard let value = Int(digits) else {
            index = start
            throw error("invalid or too large integer")
        }
        return value
    }

    /// A tuple `( ... )` or list `[ ... ]`; `(x)` without a comma is just `x`, as in Python.
    mutating func sequence(closing: Unicode.Scalar) throws -> PythonLiteral {
        index += 1
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipWhitespace()
            if current == closing { index += 1; break }
            items.append(try value())
            skipWhitespace()
            if current == "," {
                index += 1
                sawComma = true
            } else if current != closing {
                throw error("expected ',' or '\(closing)'")
            }
        }
        if closing == "]" { return .list(items) }
        if items.count == 1 && !sawComma { return items[0] }
        return .tuple(items)
    }

    mutating func dictionary() throws -> PythonLiteral {
        index += 1
        var entries: [(key: String, value: PythonLiteral)] = []
        while true {
            skipWhitespace()
            if current == "}" { index += 1; break }
            guard case .string(let key) = try value() else { throw error("dictionary key is not a string") }
            skipWhitespace()
            guard current == ":" else { throw error("expected ':' after '\(key)'") }
            index += 1
            entries.append((key, try value()))
            skipWhitespace()
            if current == "," {
                index += 1
            } else if current != "}" {
                throw error("expected ',' or '}'")
            }
        }
        return .dictionary(entries)
    }
}
