import Foundation

/// One `--set KEY=VALUE` as typed by the learner, not yet checked against a lesson.
public struct ParameterAssignment: Equatable, Sendable {
    public let key: String
    public let value: String

    /// Splits `KEY=VALUE` at the first `=`; the value may itself contain `=`.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw ParameterError.malformedAssignment(text)
        }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw ParameterError.malformedAssignment(text) }
        self.key = key
        self.value = String(text[text.index(after: equals)...])
    }

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Throws `duplicateAssignment` when a key is set twice: which value was meant is unknowable.
    public static func checkUnique(_ assignments: [ParameterAssignment]) throws {
        var seen: [String: [String]] = [:], order: [String] = []
        for assignment in assignments {
            if seen[assignment.key] == nil { order.append(assignment.key) }
            seen[assignment.key, default: []].append(assignment.value)
        }
        if let key = order.first(where: { seen[$0]!.count > 1 }) {
            throw ParameterError.duplicateAssignment(key: key, values: seen[key]!)
        }
    }
}

/// Errors in `--set` assignments and profile selection.
public enum ParameterError: Error, CustomStringConvertible, Equatable {
    case malformedAssignment(String)
    case unknownParameter(key: String, lesson: Int, valid: [String])
    case wrongType(key: String, value: String, expected: ParameterType)
    case unknownProfile(name: String, lesson: Int, valid: [String])
    /// The value lies outside the parameter's declared range.
    case outOfRange(key: String, value: String, range: String, example: String, origin: ResolvedParameters.Origin)
    /// The same key was given to `--set` more than once.
    case duplicateAssignment(key: String, values: [String])

    public var description: String {
        switch self {
        case .malformedAssignment(let text):
            return "--set '\(text)' is not of the form KEY=VALUE (for example --set batch_size=32)."
        case .unknownParameter(let key, let lesson, let valid):
            return "lesson \(lesson) has no parameter '\(key)'. Valid keys: \(valid.joined(separator: ", "))."
        case .wrongType(let key, let value, let expected):
            return "--set \(key)=\(value): '\(value)' is not a valid \(expected.rawValue) "
                + "(for example --set \(key)=\(expected.example))."
        case .outOfRange(let key, let value, let range, let example, let origin):
            let source: String
            switch origin {
            case .commandLine: source = ""
            case .profile: source = " (set by the lesson's profile)"
            case .lessonDefault: source = " (the lesson's default)"
            }
            return "parameter \(key) = \(value)\(source) is out of range: it must be \(range). "
                + "Choose a value in range, for example --set \(key)=\(example)."
        case .duplicateAssignment(let key, let values):
            return "--set \(key) is given \(values.count) times (\(values.map { "\(key)=\($0)" }.joined(separator: ", "))); "
                + "give it once, with the value you mean."
        case .unknownProfile(let name, let lesson, let valid):
            let known = valid.isEmpty ? "none" : valid.joined(separator: ", ")
            return "lesson \(lesson) has no profile '\(name)' (declared profiles: \(known)); "
                + "add it under [profiles] in its lesson.toml."
        }
    }
}

/// The value of every parameter of a lesson for one run, and where each came from.
public struct ResolvedParameters: Equatable, Sendable {
    /// Where a parameter's value came from.
    public enum Origin: String, Sendable, Codable {
        case lessonDefault = "default"
        case profile
        case commandLine = "--set"
    }

    /// Values by parameter name.
    public let values: [String: ParameterValue]
    /// Origins by parameter name.
    public let origins: [String: Origin]
    /// The parameter names in declaration order.
    public let order: [String]

    /// The value of `name`; nil when the lesson does not declare it.
    public subscript(name: String) -> ParameterValue? { values[name] }

    init(values: [String: ParameterValue], origins: [String: Origin], order: [String]) {
        self.values = values
        self.origins = origins
        self.order = order
    }

    /// Declared defaults, then the profile's overrides, then `--set` assignments, each type-checked
    /// (a later assignment of a key wins: programs layer their own over a base; the command line
    /// refuses a key typed twice with `ParameterAssignment.checkUnique` first).
    public init(lesson: Lesson, profile: String?, assignments: [ParameterAssignment]) throws {
        var values: [String: ParameterValue] = [:]
        var origins: [String: Origin] = [:]
        for declaration in lesson.parameters {
            values[declaration.name] = declaration.defaultValue
            origins[declaration.name] = .lessonDefault
        }
        if let profile {
            guard let chosen = lesson.profiles.first(where: { $0.name == profile }) else {
                throw ParameterError.unknownProfile(
                    name: profile, lesson: lesson.number, valid: lesson.profiles.map(\.name))
            }
            for (name, value) in chosen.values {
                values[name] = value
                origins[name] = .profile
            }
        }
        for assignment in assignments {
            let value = try Self.check(assignment, against: lesson)
            values[assignment.key] = value
            origins[assignment.key] = .commandLine
        }
        self.values = values
        self.origins = origins
        self.order = lesson.parameters.map(\.name)
        try checkRanges(lesson)
    }

    /// Checks every value against its declared range (rules between parameters included).
    private func checkRanges(_ lesson: Lesson) throws {
        for declaration in lesson.parameters {
            guard let value = values[declaration.name], !declaration.range.contains(value, values: values) else {
                continue
            }
            throw ParameterError.outOfRange(
                key: declaration.name, value: value.description, range: declaration.range.text(values: values),
                example: declaration.range.example(fallback: declaration.defaultValue, values: values),
                origin: origins[declaration.name] ?? .lessonDefault)
        }
    }

    /// Type-checks one assignment against the lesson's declarations.
    public static func check(_ assignment: ParameterAssignment, against lesson: Lesson) throws -> ParameterValue {
        guard let declaration = lesson.parameters.first(where: { $0.name == assignment.key }) else {
            throw ParameterError.unknownParameter(
                key: assignment.key, lesson: lesson.number, valid: lesson.parameters.map(\.name))
        }
        guard let value = ParameterValue.parse(assignment.value, as: declaration.type) else {
            throw ParameterError.wrongType(key: assignment.key, value: assignment.value, expected: declaration.type)
        }
        // Bounds of its own only: a rule against another parameter waits for the resolved values.
        var own = declaration.range
        own.atMost = nil
        if !own.contains(value, values: [:]) {
            throw ParameterError.outOfRange(key: assignment.key, value: value.description, range: own.text(),
                                            example: own.example(fallback: declaration.defaultValue, values: [:]),
                                            origin: .commandLine)
        }
        return value
    }
}
