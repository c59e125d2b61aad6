import Foundation
import TOMLKit

/// A problem in a `lesson.toml`: which file, which key, what is wrong, and the fix.
public struct LessonFileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let key: String
    public let problem: String
    public let fix: String
    /// The 1-based line the key (or the problem) is on, when it could be found.
    public var line: Int? = nil

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        let place = key.isEmpty ? location : "\(location), key '\(key)'"
        return "\(place): \(problem). Fix: \(fix)."
    }
}

/// Reads and checks `lesson.toml` files. The format is documented in `lessons/README.md`.
public enum LessonFile {
    static let topLevelKeys = ["number", "title", "introduction", "sources", "parameters", "profiles", "inputs", "cells", "assets", "reference", "links"]

    /// Parses the lesson at `url`, rejecting unknown keys, wrong types and broken references.
    public static func load(_ url: URL) throws -> Lesson {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw LessonFileError(file: url.path, key: "", problem: "cannot be read (\(error.localizedDescription))",
                                  fix: "check that the file exists and is readable UTF-8 text")
        }
        return try parse(text, file: url)
    }

    /// Parses lesson text as if read from `file`.
    public static func parse(_ text: String, file: URL) throws -> Lesson {
        // TOML forbids NUL; the parser would silently stop reading at one.
        if let nul = text.firstIndex(of: "\u{0}") {
            let lines = text[..<nul].split(separator: "\n", omittingEmptySubsequences: false)
            let line = lines.count, column = (lines.last?.count ?? 0) + 1
            throw LessonFileError(file: file.path, key: "", problem: "holds a NUL byte at line \(line), column "
                                    + "\(column), which TOML forbids (everything after it would be lost)",
                                  fix: "delete the NUL byte (the file may be damaged, or saved as UTF-16: save it as UTF-8)",
                                  line: line)
        }
        do {
            return try parseTable(text, file: file)
        } catch var error as LessonFileError where error.line == nil && !error.key.isEmpty {
            error.line = TOMLKeyLocator(text).line(of: error.key)
            throw error
        }
    }

    private static func parseTable(_ text: String, file: URL) throws -> Lesson {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw LessonFileError(file: file.path, key: "", problem: "is not valid TOML: \(error.debugDescription)",
                                  fix: "correct the syntax at that line")
        }
        let reader = TableReader(table: table, path: "", file: file.path)
        try reader.rejectUnknownKeys(allowed: topLevelKeys)
        let parameters = try reader.tables("parameters").map(parseParameter)
        let inputs = try reader.tables("inputs").map(parseInput)
        let cells = try reader.tables("cells").map(parseCell)
        let lesson = Lesson(
            number: try reader.int("number"),
            title: try reader.string("title"),
            introduction: try reader.optionalString("introduction") ?? "",
            sources: try reader.tables("sources").map(parseSource),
            parameters: parameters,
            profiles: try parseProfiles(reader, parameters: parameters),
            inputs: inputs,
            cells: cells,
            assets: try reader.tables("assets").map(parseAsset),
            reference: try parseReference(reader),
            links: try reader.tables("links").map(LessonLinks.parseLink),
            file: file)
        try LessonValidation.check(lesson)
        return lesson
    }

    private static func parseSource(_ reader: TableReader) throws -> Source {
        try reader.rejectUnknownKeys(allowed: ["title", "authors", "url", "note"])
        return Source(title: try reader.string("title"), authors: try reader.string("authors"),
                      url: try reader.optionalString("url") ?? "", note: try reader.optionalString("note") ?? "")
    }

    private static func parseParameter(_ reader: TableReader) throws -> ParameterDeclaration {
        try reader.rejectUnknownKeys(allowed: ["name", "type", "default", "meaning", "min", "max", "at_most", "choices"])
        let typeName = try reader.string("type")
        guard let type = ParameterType(rawValue: typeName) else {
            throw reader.error("type", "'\(typeName)' is not a parameter type",
                               fix: "use one of \(ParameterType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return ParameterDeclaration(
            name: try reader.string("name"), type: type,
            defaultValue: try reader.value("default", as: type),
            meaning: try reader.string("meaning"),
            range: try parseRange(reader, type: type))
    }

    /// The optional `min`, `max`, `at_most` (numbers) and `choices` (strings) of a parameter.
    private static func parseRange(_ reader: TableReader, type: ParameterType) throws -> ParameterRange {
        let numeric: Set<ParameterType> = [.int, .double, .ints, .doubles]
        var range = ParameterRange()
        for key in ["min", "max"] where reader.table[key] != nil {
            guard numeric.contains(type), case .double(let bound) = try reader.value(key, as: .double) else {
                throw reader.error(key, "applies to numbers only", fix: "remove it, or use `choices` for a string")
            }
            if key == "min" { range.min = bound } else { range.max = bound }
        }
        if let atMost = try reader.optionalString("at_most") {
            guard numeric.contains(type) else {
                throw reader.error("at_most", "applies to numbers only", fix: "remove it")
            }
            range.atMost = atMost
        }
        if reader.table["choices"] != nil {
            guard type == .string else {
                throw reader.error("choices", "applies to strings only", fix: "use `min` and `max` for numbers")
            }
            range.choices = try reader.strings("choices")
        }
        return range
    }

    private static func parseProfiles(_ reader: TableReader, parameters: [ParameterDeclaration]) throws -> [Profile] {
        guard let profiles = try reader.optionalTable("profiles") else { return [] }
        return try profiles.table.keys.sorted().map { name in
            let profile = try profiles.subtable(name)
            try profile.rejectUnknownKeys(allowed: ["description", "set", "when"])
            let overrides = try profile.subtable("set")
            var values: [String: ParameterValue] = [:]
            for key in overrides.table.keys {
                guard let declaration = parameters.first(where: { $0.name == key }) else {
                    throw overrides.error(key, "is not a declared parameter",
                                          fix: "declare it under [[parameters]] or remove it from the profile")
                }
                values[key] = try overrides.value(key, as: declaration.type)
            }
            var when: [String: String] = [:]
            if let rule = try profile.optionalTable("when") {
                for input in rule.table.keys.sorted() { when[input] = try rule.string(input) }
            }
            return Profile(name: name, description: try profile.string("description"), values: values, when: when)
        }
    }

    private static func parseInput(_ reader: TableReader) throws -> InputDeclaration {
        try reader.rejectUnknownKeys(allowed: ["name", "meaning", "shipped", "flag", "kind", "from"])
        let flag = try reader.optionalString("flag")
        let kindText = try reader.optionalString("kind")
        let kind = try kindText.map { text in
            guard let kind = InputKind(rawValue: text) else {
                throw reader.error("kind", "'\(text)' is not a kind of input", fix: "use \"folder\" or \"file\"")
            }
            return kind
        }
        if let flag {
            guard !flag.isEmpty, flag.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }),
                  !InputFlags.reserved.contains(flag) else {
                throw reader.error("flag", "'\(flag)' cannot be an option of `lesson run`",
                                   fix: "use lower-case letters, digits and '-', and none of "
                                       + InputFlags.reserved.joined(separator: ", "))
            }
            guard kind != nil else {
                throw reader.error("kind", "an input with a `flag` needs a kind", fix: "add kind = \"folder\" or kind = \"file\"")
            }
        }
        return InputDeclaration(name: try reader.string("name"), meaning: try reader.string("meaning"),
                                shipped: try reader.optionalString("shipped"), flag: flag, kind: kind,
                                from: try LessonLinks.parseFrom(reader))
    }

    private static func parseReference(_ reader: TableReader) throws -> Reference? {
        guard let table = try reader.optionalTable("reference") else { return nil }
        try table.rejectUnknownKeys(allowed: ["source", "url", "values"])
        let valuesTable = try table.subtable("values")
        var values: [String: ReferenceValue] = [:]
        for key in valuesTable.table.keys.sorted() {
            let raw = valuesTable.table[key]!
            if let int = raw.int { values[key] = .int(int) }
            else if let double = raw.double { values[key] = .double(double) }
            else if let string = raw.string { values[key] = .string(string) }
            else {
                throw valuesTable.error(key, "must be a number or a string", fix: "write it like 0.9727, 550 or \"tf_flowers\"")
            }
        }
        return Reference(source: try table.string("source"), url: try table.optionalString("url") ?? "", values: values)
    }

    static let assetKinds = ["file", "tar.gz"]

    private static func parseAsset(_ reader: TableReader) throws -> AssetDeclaration {
        try reader.rejectUnknownKeys(allowed: ["name", "url", "size", "sha256", "kind", "destination", "input"])
        let sha256 = try reader.optionalString("sha256")
        if let sha256, sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit) {
            throw reader.error("sha256", "is not 64 hexadecimal digits",
                               fix: "paste the asset's full SHA-256, or leave the key out if none is published")
        }
        let kind = try reader.string("kind")
        guard assetKinds.contains(kind) else {
            throw reader.error("kind", "'\(kind)' is not an asset kind", fix: "use \"file\" or \"tar.gz\"")
        }
        let size = try reader.optionalInt("size")
        if let size, size <= 0 {
            throw reader.error("size", "must be positive", fix: "give the size in bytes, or leave the key out")
        }
        return AssetDeclaration(
            name: try reader.string("name"), url: try reader.string("url"), size: size.map { Int64($0) }, sha256: sha256,
            kind: kind, destination: try reader.string("destination"), input: try reader.string("input"))
    }

    private static func parseCell(_ reader: TableReader) throws -> CellDeclaration {
        try reader.rejectUnknownKeys(
            allowed: ["name", "title", "purpose", "narrative", "parameters", "upstream", "inputs", "records", "links"])
        return CellDeclaration(
            name: try reader.string("name"), title: try reader.string("title"),
            purpose: try reader.string("purpose"), narrative: try reader.optionalString("narrative") ?? "",
            parameters: try reader.strings("parameters"), upstream: try reader.strings("upstream"),
            inputs: try reader.strings("inputs"), records: try reader.strings("records"),
            links: try reader.strings("links"))
    }
}

/// Typed access to one TOML table, producing `LessonFileError`s that name the key path.
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String

    func error(_ key: String, _ problem: String, fix: String) -> LessonFileError {
        LessonFileError(file: file, key: qualified(key), problem: problem, fix: fix)
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func rejectUnknownKeys(allowed: [String]) throws {
        for key in table.keys.sorted() where !allowed.contains(key) {
            throw error(key, "is not a known key", fix: "use one of \(allowed.joined(separator: ", "))")
        }
    }

    private func required(_ key: String, _ kind: String) throws -> TOMLValueConvertible {
        guard let value = table[key] else {
            throw error(key, "is missing", fix: "add `\(key) = ...` (\(kind))")
        }
        return value
    }

    func int(_ key: String) throws -> Int {
        guard let value = try required(key, "an integer").int else {
            throw error(key, "must be an integer", fix: "write a whole number such as 62")
        }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = try required(key, "a string").string else {
            throw error(key, "must be a string", fix: "quote the value")
        }
        return value
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard table[key] != nil else { return nil }
        return try int(key)
    }

    func optionalString(_ key: String) throws -> String? {
        guard table[key] != nil else { return nil }
        return try string(key)
    }

    func strings(_ key: String) throws -> [String] {
        guard let value = table[key] else { return [] }
        let strings = value.array?.compactMap(\.string) ?? []
        guard let array = value.array, strings.count == array.count else {
            throw error(key, "must be a list of strings", fix: "write it as [\"a\", \"b\"]")
        }
        return strings
    }

    func subtable(_ key: String) throws -> TableReader {
        guard let table = try required(key, "a table").table else {
            throw error(key, "must be a table", fix: "write it as [\(qualified(key))] or { ... }")
        }
        return TableReader(table: table, path: qualified(key), file: file)
    }

    func optionalTable(_ key: String) throws -> TableReader? {
        guard table[key] != nil else { return nil }
        return try subtable(key)
    }

    /// An array of tables (`[[cells]]`); absent means empty.
    func tables(_ key: String) throws -> [TableReader] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else {
            throw error(key, "must be an array of tables", fix: "write each entry as [[\(key)]]")
        }
        return try array.enumerated().map { index, element in
            guard let table = element.table else {
                throw error("\(key)[\(index)]", "must be a table", fix: "write each entry as [[\(key)]]")
            }
            return TableReader(table: table, path: qualified("\(key)[\(index)]"), file: file)
        }
    }

    /// The value at `key`, converted to `type` (an integer is accepted where a double is declared).
    func value(_ key: String, as type: ParameterType) throws -> ParameterValue {
        let raw = try required(key, "a \(type.rawValue)")
        let wrong = error(key, "must be of type \(type.rawValue)", fix: "write it like \(Self.tomlExample(type))")
        // TOML has nan and inf literals; no parameter, range or profile value means them.
        let numbers = raw.array?.compactMap(Self.number) ?? [Self.number(raw)].compactMap { $0 }
        if type == .double || type == .doubles, let bad = numbers.first(where: { !$0.isFinite }) {
            throw error(key, "is \(bad), not a finite number", fix: "write it like \(Self.tomlExample(type))")
        }
        switch type {
        case .int: guard let v = raw.int else { throw wrong }; return .int(v)
        case .double: guard let v = Self.number(raw) else { throw wrong }; return .double(v)
        case .string: guard let v = raw.string else { throw wrong }; return .string(v)
        case .bool: guard let v = raw.bool else { throw wrong }; return .bool(v)
        case .ints:
            guard let array = raw.array, case let v = array.compactMap(\.int), v.count == array.count else { throw wrong }
            return .ints(v)
        case .doubles:
            guard let array = raw.array, case let v = array.compactMap(Self.number), v.count == array.count else {
                throw wrong
            }
            return .doubles(v)
        }
    }

    private static func number(_ value: TOMLValueConvertible) -> Double? {
        value.double ?? value.int.map(Double.init)
    }

    private static func tomlExample(_ type: ParameterType) -> String {
        switch type {
        case .string: return "\"cached\""
        case .ints: return "[200, 300, 400]"
        case .doubles: return "[0.5, 0.25]"
        default: return type.example
        }
    }
}

/// Finds the line of a key path such as `parameters[3].type` in TOML text, so that errors
/// found after parsing (types, ranges, references) can name the line as syntax errors do.
/// A light scan of table headers (`[a]`, `[[a]]`, counted) and `key =` lines, skipping
/// multi-line strings; a key it cannot place (inside an inline table) gets its table's line.
struct TOMLKeyLocator {
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var table = "", arrays: [String: Int] = [:], inString: String? = nil
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let delimiter = inString {
                if line.components(separatedBy: delimiter).count % 2 == 0 { inString = nil }
                continue
            }
            if line.hasPrefix("[[") , let end = line.range(of: "]]") {
                let name = Self.resolve(String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]), arrays)
                arrays[name, default: -1] += 1
                table = "\(name)[\(arrays[name]!)]"
                record(table, index + 1)
            } else if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                table = Self.resolve(String(line[line.index(after: line.startIndex)..<end]), arrays)
                record(table, index + 1)
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: " ", with: "")
                record(table.isEmpty ? key : "\(table).\(key)", index + 1)
                for delimiter in ["\"\"\"", "'''"] where line.components(separatedBy: delimiter).count == 2 {
                    inString = delimiter
                }
            }
        }
    }

    private mutating func record(_ path: String, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// `a.b` with the current index of every array of tables among its prefixes (`a[2].b`);
    /// the last part is the header's own table, never indexed here.
    private static func resolve(_ name: String, _ arrays: [String: Int]) -> String {
        let parts = name.trimmingCharacters(in: .whitespaces).split(separator: ".")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var path = ""
        for (index, part) in parts.enumerated() {
            path += (path.isEmpty ? "" : ".") + part
            if index < parts.count - 1, let current = arrays[path] { path += "[\(current)]" }
        }
        return path
    }

    /// The line of `key`, else of the nearest enclosing key or table that has one.
    func line(of key: String) -> Int? {
        var path = key
        while !path.isEmpty {
            if let line = lines[path] { return line }
            if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
                path = String(path[..<open])
            } else if let dot = path.lastIndex(of: ".") {
                path = String(path[..<dot])
            } else {
                return nil
            }
        }
        return nil
    }
}
