import Foundation

/// A cell of a lesson, written as a Swift type a learner can read, like a notebook cell.
///
/// Its stored properties declare what it reads, and the runner fills them before `run`:
/// - `@Parameter var learningRate: Double` — the parameter `learning_rate` of `lesson.toml`,
///   resolved and range-checked once (a `ParameterChoice` enum for a parameter with `choices`);
/// - `@Upstream var dataset: Dataset` — the output of the upstream cell whose `Output` is `Dataset`;
/// - `@Input var data: ResolvedInput` — the external input `data`, with its origin.
///
/// `run` returns the cell's `Output`, which the runner stores with the cell's cached state and
/// gives to the cells that declare it upstream. Its top-level fields are also the values the
/// lesson's prose quotes: `{{train.kept_epoch}}` is `TrainedHead.keptEpoch`.
///
/// The cell's id in `lesson.toml` is its type name in kebab case (`LoadDataset` is `load-dataset`).
/// When the lesson loads, the runner checks these declarations against the cell's `parameters`,
/// `upstream` and `inputs` in `lesson.toml`: a mismatch is an error that names both places.
///
/// A test runs a cell alone by setting its properties and calling `run` with
/// `CellContext.standalone(...)`, as marimo's `cell.run(**refs)` does.
public protocol Cell {
    /// What the cell computes: stored with its cache, injected into the cells downstream.
    associatedtype Output: Codable
    /// A cell with nothing injected yet.
    init()
    /// The cell's id in `lesson.toml`; by default its type name in kebab case.
    static var id: String { get }
    /// Enters the cache key as `typed-N`, beside the digest of the cell's source file (for a program
    /// with embedded sources): bump it only when the stored `Output`'s format changes.
    static var version: Int { get }
    /// The work.
    func run(_ context: CellContext) throws -> Output
}

extension Cell {
    public static var id: String { CellNaming.kebabCase(String(describing: Self.self)) }
    public static var version: Int { 1 }
}

/// How Swift names map to the lesson file's.
public enum CellNaming {
    /// `LoadDataset` → `load-dataset`, `FewShot` → `few-shot`.
    public static func kebabCase(_ name: String) -> String { separated(name, by: "-") }

    /// `learningRate` → `learning_rate`, `fineTuneSteps` → `fine_tune_steps`.
    public static func snakeCase(_ name: String) -> String { separated(name, by: "_") }

    /// `learning_rate` → `learningRate`.
    public static func camelCase(_ name: String) -> String {
        let words = name.split(separator: "_")
        return (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func separated(_ name: String, by separator: Character) -> String {
        var result = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if character.isUppercase {
                let previous = index > 0 ? characters[index - 1] : nil
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A new word starts at an upper-case letter after a lower-case one or a digit, or
                // at the last capital of an acronym followed by a lower-case letter (`HTMLPage`).
                if let previous, previous.isLowercase || previous.isNumber
                    || (previous.isUppercase && (next?.isLowercase ?? false)) {
                    result.append(separator)
                }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// What a cell type declares, read from its properties: compared with `lesson.toml` when the
/// lesson loads, and used to inject values.
public struct CellSignature: Equatable, Sendable {
    public struct ParameterEntry: Equatable, Sendable {
        /// The lesson file's name (`learning_rate`).
        public let name: String
        /// The Swift property (`learningRate`).
        public let property: String
        public let type: ParameterType
        /// The accepted values of a `ParameterChoice` enum.
        public let choices: [String]?
        /// The Swift type's name (`Double`, `FeatureMode`).
        public let swiftType: String
    }

    public struct UpstreamEntry: Equatable, Sendable {
        public let property: String
        /// The output type it injects.
        public let type: ObjectIdentifier
        public let typeName: String
    }

    public let parameters: [ParameterEntry]
    public let upstream: [UpstreamEntry]
    /// Input names (`data`, `weights`).
    public let inputs: [String]
    /// Link names (`head_training`).
    public let links: [String]
    /// The output type.
    public let output: ObjectIdentifier
    public let outputName: String
    /// The Swift type's name, for messages.
    public let typeName: String
}

/// A property the runner fills before a cell runs.
protocol CellProperty: AnyObject {
    func inject(name: String, from context: CellContext) throws
}

extension Cell {
    /// The declarations of this cell's properties.
    static var signature: CellSignature {
        var parameters: [CellSignature.ParameterEntry] = []
        var upstream: [CellSignature.UpstreamEntry] = []
        var inputs: [String] = []
        var links: [String] = []
        for (property, wrapper) in Self.properties(of: Self()) {
            switch wrapper {
            case let parameter as AnyParameterProperty:
                parameters.append(.init(name: CellNaming.snakeCase(property), property: property,
                                        type: parameter.valueType.parameterType,
                                        choices: parameter.valueType.choices,
                                        swiftType: String(describing: parameter.valueType)))
            case let dependency as AnyUpstreamProperty:
                upstream.append(.init(property: property, type: dependency.outputType,
                                      typeName: dependency.outputTypeName))
            case is InputProperty:
                inputs.append(CellNaming.snakeCase(property))
            case is AnyLinkedProperty:
                links.append(CellNaming.snakeCase(property))
            default:
                break
            }
        }
        return CellSignature(parameters: parameters, upstream: upstream, inputs: inputs, links: links,
                             output: ObjectIdentifier(Output.self), outputName: String(describing: Output.self),
                             typeName: String(describing: Self.self))
    }

    /// The cell's injected properties with their Swift names (`learningRate`).
    static func properties(of cell: Self) -> [(String, CellProperty)] {
        Mirror(reflecting: cell).children.compactMap { child in
            guard let label = child.label, let property = child.value as? CellProperty else { return nil }
            return (label.hasPrefix("_") ? String(label.dropFirst()) : label, property)
        }
    }
}

extension Cell {
    /// Sets every `@Parameter` of this cell from resolved values, as the runner does (a test, or
    /// a tool that shows what a cell would do).
    public func setParameters(_ parameters: ResolvedParameters) throws {
        for (property, wrapper) in Self.properties(of: self) {
            guard let parameter = wrapper as? AnyParameterProperty else { continue }
            let name = CellNaming.snakeCase(property)
            guard let value = parameters[name] else {
                throw CellError.undeclaredParameter(cell: Self.id, parameter: name, file: "the resolved parameters")
            }
            try parameter.set(value, name: name, cell: Self.id)
        }
    }
}

extension CellImplementation {
    /// The implementation of a typed cell: injects its properties, runs it, stores its output
    /// (`output.json` in its state) and records the output's fields for the prose.
    public init<C: Cell>(_ type: C.Type) {
        self.init(name: C.id, version: "typed-\(C.version)", signature: C.signature, linkKeys: C.linkKeys) { context in
            let cell = C()
            for (property, wrapper) in C.properties(of: cell) {
                try wrapper.inject(name: property, from: context)
            }
            let output = try cell.run(context)
            try context.store(output)
        }
    }
}
