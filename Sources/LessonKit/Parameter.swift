import Foundation

/// The kinds of value a lesson parameter can hold, as written in `lesson.toml`.
public enum ParameterType: String, CaseIterable, Sendable, Codable {
    case int
    case double
    case string
    case bool
    case ints
    case doubles

    /// An example of a value of this type, for error messages.
    var example: String {
        switch self {
        case .int: return "64"
        case .double: return "0.003"
        case .string: return "cached"
        case .bool: return "true"
        case .ints: return "200,300,400"
        case .doubles: return "0.5,0.25"
        }
    }
}

/// A typed parameter value.
public enum ParameterValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case ints([Int])
    case doubles([Double])

    /// The type of this value.
    public var type: ParameterType {
        switch self {
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        case .ints: return .ints
        case .doubles: return .doubles
        }
    }

    /// The value as a learner would type it after `--set KEY=`.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return Self.format(value)
        case .string(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .ints(let values): return values.map(String.init).joined(separator: ",")
        case .doubles(let values): return values.map(Self.format).joined(separator: ",")
        }
    }

    /// An unambiguous encoding for cache keys: the type name, then the value.
    /// Doubles use their exact bit pattern so `0.1` and `0.10000000000000001` agree
    /// while any real change of value changes the key.
    var canonicalEncoding: String {
        switch self {
        case .double(let value): return "double:\(value.bitPattern)"
        case .doubles(let values): return "doubles:" + values.map { String($0.bitPattern) }.joined(separator: ",")
        case .string(let value): return "string:\(value.utf8.count):\(value)"
        default: return "\(type.rawValue):\(description)"
        }
    }

    private static func format(_ value: Double) -> String {
        // Shortest round-tripping form: 0.000375, 1e-05, 3.0.
        "\(value)"
    }

    /// Parses `text` (the right-hand side of `--set KEY=VALUE`) as a value of `type`.
    /// Lists are comma-separated, optionally in brackets: `200,300,400` or `[200, 300, 400]`.
    /// Returns nil when the text is not a value of that type.
    public static func parse(_ text: String, as type: ParameterType) -> ParameterValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch type {
        case .int: return Int(trimmed).map(ParameterValue.int)
        case .double: return parseDouble(trimmed).map(ParameterValue.double)
        case .string: return .string(trimmed)
        case .bool: return parseBool(trimmed).map(ParameterValue.bool)
        case .ints: return parseList(trimmed, element: { Int($0) }).map(ParameterValue.ints)
        case .doubles: return parseList(trimmed, element: parseDouble).map(ParameterValue.doubles)
        }
    }

    private static func parseDouble(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: return nil
        }
    }

    private static func parseList<T>(_ text: String, element: (String) -> T?) -> [T]? {
        var body = Substring(text)
        if body.hasPrefix("[") && body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        if body.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        var values: [T] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = element(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(value)
        }
        return values
    }
}

/// A parameter declared by a lesson: its name, type, default and one line of meaning.
public struct ParameterDeclaration: Equatable, Sendable {
    /// The key used in `--set KEY=VALUE` and by cells.
    public let name: String
    /// The declared type; every value is checked against it.
    public let type: ParameterType
    /// The value used when neither a profile nor `--set` overrides it.
    public let defaultValue: ParameterValue
    /// One line saying what the parameter means (shown by `lesson show`).
    public let meaning: String
    /// The values it accepts (`min`, `max`, `at_most`, `choices` in `lesson.toml`).
    public let range: ParameterRange

    public init(name: String, type: ParameterType, defaultValue: ParameterValue, meaning: String,
                range: ParameterRange = ParameterRange()) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.meaning = meaning
        self.range = range
    }
}

/// A named set of default overrides (for example `embedded`: smaller images for the offline run).
public struct Profile: Equatable, Sendable {
    /// The profile's name, as returned by a lesson program's input resolution.
    public let name: String
    /// One line saying when this profile applies.
    public let description: String
    /// The overridden defaults.
    public let values: [String: ParameterValue]
    /// The rule that applies it (`when`): input name → a file of the lesson folder; the profile
    /// applies whenever each named input is a file with that file's contents. Empty: only a
    /// lesson program's input resolution chooses it.
    public let when: [String: String]

    public init(name: String, description: String, values: [String: ParameterValue], when: [String: String] = [:]) {
        self.name = name
        self.description = description
        self.values = values
        self.when = when
    }

    /// The rule in words: "whenever input `weights` is the lesson's assets/x.npz (same contents)".
    public var ruleDescription: String? {
        guard !when.isEmpty else { return nil }
        return "whenever " + when.sorted { $0.key < $1.key }
            .map { "input `\($0.key)` is the lesson's \($0.value) (same contents, wherever it lies)" }
            .joined(separator: " and ")
    }
}
