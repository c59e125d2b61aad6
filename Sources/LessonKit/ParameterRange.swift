import Foundation

/// The values a parameter accepts, declared beside it in `lesson.toml` and checked before any
/// cell runs, so that `--set batch_size=1000000` is refused at once rather than after minutes
/// of work (or a crash).
///
/// ```toml
/// min = 1                 # numbers (each element of a list): at least this
/// max = 1024              # numbers: at most this
/// at_most = "resize_to"   # numbers: at most the value of another int or double parameter
/// choices = ["cached", "faithful"]   # strings: one of these
/// ```
public struct ParameterRange: Equatable, Sendable {
    public var min: Double?
    public var max: Double?
    /// Another parameter whose value bounds this one from above (`crop_to <= resize_to`).
    public var atMost: String?
    /// The accepted strings.
    public var choices: [String]?

    public init(min: Double? = nil, max: Double? = nil, atMost: String? = nil, choices: [String]? = nil) {
        self.min = min
        self.max = max
        self.atMost = atMost
        self.choices = choices
    }

    /// True when nothing is declared.
    public var isEmpty: Bool { min == nil && max == nil && atMost == nil && choices == nil }

    /// The range as a learner reads it: `1 ... 1024`, `at least 0`, `at most resize_to (384)`,
    /// `one of cached, faithful`.
    public func text(values: [String: ParameterValue] = [:]) -> String {
        var parts: [String] = []
        switch (min, max) {
        case let (low?, high?): parts.append("\(Self.format(low)) ... \(Self.format(high))")
        case let (low?, nil): parts.append("at least \(Self.format(low))")
        case let (nil, high?): parts.append("at most \(Self.format(high))")
        case (nil, nil): break
        }
        if let atMost {
            parts.append("at most \(atMost)" + (values[atMost].map { " (\($0))" } ?? ""))
        }
        if let choices { parts.append("one of " + choices.joined(separator: ", ")) }
        return parts.joined(separator: ", and ")
    }

    /// Whether `value` lies in the range; `values` gives the other parameters (for `at_most`).
    public func contains(_ value: ParameterValue, values: [String: ParameterValue]) -> Bool {
        if let choices, case .string(let text) = value, !choices.contains(text) { return false }
        let bound = atMost.flatMap { values[$0] }.flatMap(Self.number)
        return Self.numbers(value).allSatisfy { number in
            (min.map { number >= $0 } ?? true) && (max.map { number <= $0 } ?? true)
                && (bound.map { number <= $0 } ?? true)
        }
    }

    /// A value inside the range to suggest in a `--set` example: `fallback` when it fits.
    func example(fallback: ParameterValue, values: [String: ParameterValue]) -> String {
        if contains(fallback, values: values) { return fallback.description }
        if let choices, let first = choices.first { return first }
        if let min { return fallback.type == .int || fallback.type == .ints ? String(Int(min)) : Self.format(min) }
        return fallback.description
    }

    static func number(_ value: ParameterValue) -> Double? {
        switch value {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    static func numbers(_ value: ParameterValue) -> [Double] {
        switch value {
        case .int(let number): return [Double(number)]
        case .double(let number): return [number]
        case .ints(let numbers): return numbers.map(Double.init)
        case .doubles(let numbers): return numbers
        default: return []
        }
    }

    /// `64`, `0.05`, `1e-06`: integers without a decimal point.
    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
    }
}
