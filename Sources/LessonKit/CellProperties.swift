import Foundation

/// A Swift type a parameter can have: `Int`, `Double`, `Bool`, `String`, `[Int]`, `[Double]`,
/// or a `ParameterChoice` enum for a parameter with `choices`.
public protocol ParameterConvertible {
    /// The lesson file's type of this Swift type.
    static var parameterType: ParameterType { get }
    /// The accepted values, for an enum of choices.
    static var choices: [String]? { get }
    /// The value of a resolved parameter, or nil when it is of another type.
    init?(parameter: ParameterValue)
}

extension ParameterConvertible {
    public static var choices: [String]? { nil }
}

extension Int: ParameterConvertible {
    public static var parameterType: ParameterType { .int }
    public init?(parameter: ParameterValue) {
        guard case .int(let value) = parameter else { return nil }
        self = value
    }
}

extension Double: ParameterConvertible {
    public static var parameterType: ParameterType { .double }
    public init?(parameter: ParameterValue) {
        switch parameter {
        case .double(let value): self = value
        case .int(let value): self = Double(value)
        default: return nil
        }
    }
}

extension Bool: ParameterConvertible {
    public static var parameterType: ParameterType { .bool }
    public init?(parameter: ParameterValue) {
        guard case .bool(let value) = parameter else { return nil }
        self = value
    }
}

extension String: ParameterConvertible {
    public static var parameterType: ParameterType { .string }
    public init?(parameter: ParameterValue) {
        guard case .string(let value) = parameter else { return nil }
        self = value
    }
}

extension Array: ParameterConvertible where Element: ParameterListElement {
    public static var parameterType: ParameterType { Element.listType }
    public init?(parameter: ParameterValue) {
        guard let values = Element.list(parameter) else { return nil }
        self = values
    }
}

/// An element type of a list parameter.
public protocol ParameterListElement {
    static var listType: ParameterType { get }
    static func list(_ value: ParameterValue) -> [Self]?
}

extension Int: ParameterListElement {
    public static var listType: ParameterType { .ints }
    public static func list(_ value: ParameterValue) -> [Int]? {
        guard case .ints(let values) = value else { return nil }
        return values
    }
}

extension Double: ParameterListElement {
    public static var listType: ParameterType { .doubles }
    public static func list(_ value: ParameterValue) -> [Double]? {
        switch value {
        case .doubles(let values): return values
        case .ints(let values): return values.map(Double.init)
        default: return nil
        }
    }
}

/// A parameter whose `lesson.toml` declaration lists `choices`: the enum's raw values must be
/// exactly those choices (checked when the lesson loads).
public protocol ParameterChoice: ParameterConvertible, RawRepresentable, CaseIterable where RawValue == String {}

extension ParameterChoice {
    public static var parameterType: ParameterType { .string }
    public static var choices: [String]? { allCases.map(\.rawValue) }
    public init?(parameter: ParameterValue) {
        guard case .string(let text) = parameter else { return nil }
        self.init(rawValue: text)
    }
}

protocol AnyParameterProperty: CellProperty {
    var valueType: ParameterConvertible.Type { get }
    func set(_ value: ParameterValue, name: String, cell: String) throws
}

/// A parameter of the lesson, read by the cell; its name in `lesson.toml` is the property's
/// name in snake case (`learningRate` is `learning_rate`). Only declared parameters enter the
/// cell's cache key.
@propertyWrapper
public final class Parameter<Value: ParameterConvertible>: AnyParameterProperty {
    private var value: Value?

    public init() {}

    public var wrappedValue: Value {
        get {
            guard let value else { preconditionFailure("parameter \(Value.self) read before the runner (or the test) set it") }
            return value
        }
        set { value = newValue }
    }

    var valueType: ParameterConvertible.Type { Value.self }

    func inject(name: String, from context: CellContext) throws {
        let parameter = CellNaming.snakeCase(name)
        try set(try context.value(parameter), name: parameter, cell: context.cell.name)
    }

    func set(_ resolved: ParameterValue, name: String, cell: String) throws {
        guard let typed = Value(parameter: resolved) else {
            throw CellError.parameterType(cell: cell, parameter: name, declared: resolved.type, asked: Value.parameterType)
        }
        value = typed
    }
}

protocol AnyUpstreamProperty: CellProperty {
    var outputType: ObjectIdentifier { get }
    var outputTypeName: String { get }
}

/// The output of the upstream cell whose `Output` type is `Value`, loaded from its cache or
/// from this run. The cell must list that cell in its `upstream` in `lesson.toml`.
@propertyWrapper
public final class Upstream<Value: Codable>: AnyUpstreamProperty {
    private var value: Value?

    public init() {}

    public var wrappedValue: Value {
        get {
            guard let value else { preconditionFailure("upstream \(Value.self) read before the runner (or the test) set it") }
            return value
        }
        set { value = newValue }
    }

    var outputType: ObjectIdentifier { ObjectIdentifier(Value.self) }
    var outputTypeName: String { String(describing: Value.self) }

    func inject(name: String, from context: CellContext) throws {
        value = try context.upstreamOutput(Value.self)
    }
}

protocol InputProperty: CellProperty {}

/// An external input of the lesson (`@Input var data`), resolved before any cell runs: its
/// location and its origin. Its fingerprint enters the cell's cache key.
@propertyWrapper
public final class Input: InputProperty {
    private var value: ResolvedInput?

    public init() {}

    public var wrappedValue: ResolvedInput {
        get {
            guard let value else { preconditionFailure("input read before the runner (or the test) set it") }
            return value
        }
        set { value = newValue }
    }

    func inject(name: String, from context: CellContext) throws {
        value = try context.resolvedInput(CellNaming.snakeCase(name))
    }
}
