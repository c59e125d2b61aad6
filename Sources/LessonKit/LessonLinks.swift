import Foundation

/// A link to another lesson's parameters (`[[links]]` in `lesson.toml`): the values that lesson
/// resolves under one of its profiles, which a cell of this lesson reads as a typed value
/// (`@Linked var headTraining: HeadTrainingSettings`) instead of copying them as constants.
public struct LinkDeclaration: Equatable, Sendable {
    /// The name cells list in their `links` (`head_training`).
    public let name: String
    /// The linked lesson's number.
    public let lesson: Int
    /// The linked lesson's profile whose values apply over its defaults, or nil for its defaults.
    public let profile: String?
    /// One line saying what the cells take from it.
    public let meaning: String

    public init(name: String, lesson: Int, profile: String? = nil, meaning: String) {
        self.name = name
        self.lesson = lesson
        self.profile = profile
        self.meaning = meaning
    }
}

/// An input whose default is another lesson's shipped file (`from = { lesson = 62, input = "weights" }`).
public struct LinkedInput: Equatable, Sendable {
    /// The lesson that ships it.
    public let lesson: Int
    /// That lesson's input whose `shipped` file it is.
    public let input: String

    public init(lesson: Int, input: String) {
        self.lesson = lesson
        self.input = input
    }
}

/// A link resolved for one run: the linked lesson as its `lesson.toml` declares it now, and its
/// parameters resolved under the link's profile.
public struct ResolvedLink: Sendable {
    public let declaration: LinkDeclaration
    public let lesson: Lesson
    public let parameters: ResolvedParameters

    public init(declaration: LinkDeclaration, lesson: Lesson, parameters: ResolvedParameters) {
        self.declaration = declaration
        self.lesson = lesson
        self.parameters = parameters
    }

    /// The linked parameters as `T`: each stored property is the parameter of its name in snake
    /// case (`learningRate` is `learning_rate`). A property the linked lesson does not declare is an
    /// error naming both.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let values = parameters.values.mapValues(EncodedParameter.init)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: try JSONEncoder().encode(values))
        } catch let DecodingError.keyNotFound(key, _) {
            throw LinkError.missingParameter(link: declaration.name, lesson: declaration.lesson,
                                             parameter: CellNaming.snakeCase(key.stringValue),
                                             type: String(describing: type), file: lesson.file.path)
        } catch let error as DecodingError {
            throw LinkError.wrongType(link: declaration.name, lesson: declaration.lesson, type: String(describing: type),
                                      detail: "\(error)", file: lesson.file.path)
        }
    }

    /// What enters the cache key of a cell reading this link as `T`: the linked lesson, the profile
    /// and the values `T` holds (so a change of a parameter `T` does not read changes nothing).
    func canonical<T: Codable>(_ type: T.Type) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let values = String(decoding: try encoder.encode(try decode(type)), as: UTF8.self)
        return "\(prefix)\t\(values)"
    }

    /// For a cell that reads the link without a type: every resolved value of the linked lesson.
    var canonicalAll: String {
        prefix + "\t" + parameters.order.map { "\($0)=\(parameters[$0]?.canonicalEncoding ?? "")" }.joined(separator: ";")
    }

    private var prefix: String { "lesson \(declaration.lesson) profile \(declaration.profile ?? "-")" }
}

/// A parameter value as JSON, for decoding linked settings.
private struct EncodedParameter: Encodable {
    let value: ParameterValue

    init(_ value: ParameterValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .ints(let values): try container.encode(values)
        case .doubles(let values): try container.encode(values)
        }
    }
}

/// A link or linked input that cannot be resolved.
public enum LinkError: Error, CustomStringConvertible, Equatable {
    case noLesson(what: String, lesson: Int, catalog: String, file: String)
    case noShippedFile(input: String, lesson: Int, linkedInput: String, file: String)
    case noProfile(link: String, lesson: Int, profile: String, known: [String], file: String)
    case missingParameter(link: String, lesson: Int, parameter: String, type: String, file: String)
    case wrongType(link: String, lesson: Int, type: String, detail: String, file: String)
    case undeclared(cell: String, link: String, file: String)

    public var description: String {
        switch self {
        case .noLesson(let what, let lesson, let catalog, let file):
            return "\(file): \(what) names lesson \(lesson), which is not in \(catalog): keep the lessons together "
                + "in one lessons/ folder, or remove the link."
        case .noShippedFile(let input, let lesson, let linkedInput, let file):
            return "input '\(input)' of \(file) is lesson \(lesson)'s `\(linkedInput)`, for which lesson \(lesson) "
                + "ships no file: name an input with `shipped` in lesson \(lesson)'s lesson.toml."
        case .noProfile(let link, let lesson, let profile, let known, let file):
            return "link '\(link)' of \(file) names profile '\(profile)' of lesson \(lesson), which declares "
                + (known.isEmpty ? "no profile" : "only \(known.joined(separator: ", "))") + ": name one of them."
        case .missingParameter(let link, let lesson, let parameter, let type, let file):
            return "link '\(link)' of \(file): \(type) reads `\(parameter)`, which lesson \(lesson) does not declare: "
                + "declare it there, or remove the property."
        case .wrongType(let link, let lesson, let type, let detail, let file):
            return "link '\(link)' of \(file): lesson \(lesson)'s parameters do not have the types of \(type)'s "
                + "properties (\(detail)): make them the same types."
        case .undeclared(let cell, let link, let file):
            return "cell '\(cell)' reads link '\(link)' without declaring it: add it to the cell's `links` in \(file)."
        }
    }
}

/// Reading, checking and resolving links and linked inputs.
enum LessonLinks {
    static func parseLink(_ reader: TableReader) throws -> LinkDeclaration {
        try reader.rejectUnknownKeys(allowed: ["name", "lesson", "profile", "meaning"])
        return LinkDeclaration(name: try reader.string("name"), lesson: try reader.int("lesson"),
                               profile: try reader.optionalString("profile"), meaning: try reader.string("meaning"))
    }

    /// `from = { lesson = 62, input = "weights" }` of an input, if given.
    static func parseFrom(_ reader: TableReader) throws -> LinkedInput? {
        guard let from = try reader.optionalTable("from") else { return nil }
        try from.rejectUnknownKeys(allowed: ["lesson", "input"])
        if reader.table["shipped"] != nil {
            throw reader.error("from", "is given with `shipped`",
                               fix: "keep one: `shipped` for a file of this lesson, `from` for another lesson's")
        }
        return LinkedInput(lesson: try from.int("lesson"), input: try from.string("input"))
    }

    /// Link names are unique and valid, and every cell's `links` names a declared link.
    static func check(_ lesson: Lesson) throws {
        let file = lesson.file.path
        var seen: Set<String> = []
        for (index, link) in lesson.links.enumerated() {
            guard !link.name.isEmpty, link.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw LessonFileError(file: file, key: "links[\(index)].name", problem: "'\(link.name)' is not a valid name",
                                      fix: "use letters, digits and '_' (the Swift property's name in snake case)")
            }
            guard seen.insert(link.name).inserted else {
                throw LessonFileError(file: file, key: "links[\(index)].name", problem: "'\(link.name)' is declared twice",
                                      fix: "give each link its own name")
            }
            guard link.lesson != lesson.number else {
                throw LessonFileError(file: file, key: "links[\(index)].lesson", problem: "links the lesson to itself",
                                      fix: "name another lesson's number")
            }
        }
        for (index, cell) in lesson.cells.enumerated() {
            if let name = cell.links.first(where: { !seen.contains($0) }) {
                let known = lesson.links.map(\.name)
                throw LessonFileError(file: file, key: "cells[\(index)].links",
                                      problem: "cell '\(cell.name)' reads undeclared link '\(name)'",
                                      fix: known.isEmpty ? "declare it under [[links]]"
                                          : "declare it under [[links]] or use one of \(known.joined(separator: ", "))")
            }
        }
    }
}

extension Lesson {
    /// The lessons folder this lesson's folder is in, where its links are resolved.
    public var catalog: LessonCatalog { LessonCatalog(directory: directory.deletingLastPathComponent()) }

    /// Every link the cells read, resolved through the catalog: the linked lesson's parameters,
    /// its defaults then the link's profile.
    public func resolveLinks() throws -> [String: ResolvedLink] {
        let used = Set(cells.flatMap(\.links))
        var resolved: [String: ResolvedLink] = [:]
        for link in links where used.contains(link.name) {
            let linked = try linkedLesson(link.lesson, what: "link '\(link.name)'")
            if let profile = link.profile, !linked.profiles.contains(where: { $0.name == profile }) {
                throw LinkError.noProfile(link: link.name, lesson: link.lesson, profile: profile,
                                          known: linked.profiles.map(\.name), file: file.path)
            }
            let parameters = try ResolvedParameters(lesson: linked, profile: link.profile, assignments: [])
            resolved[link.name] = ResolvedLink(declaration: link, lesson: linked, parameters: parameters)
        }
        return resolved
    }

    /// Input `name` resolved to the file another lesson ships for it (`from`), which may be absent.
    public func linkedInput(_ name: String) throws -> ResolvedInput? {
        guard let from = inputs.first(where: { $0.name == name })?.from else { return nil }
        let linked = try linkedLesson(from.lesson, what: "input '\(name)'")
        guard let url = linked.shippedFile(from.input) else {
            throw LinkError.noShippedFile(input: name, lesson: from.lesson, linkedInput: from.input, file: file.path)
        }
        return ResolvedInput(url: url, description: "lesson \(from.lesson)'s shipped `\(from.input)` file: "
                                 + repositoryPath(url),
                             origin: .shipped, mayBeAbsent: true)
    }

    /// `resolved` with every input that has a `from` and that the program did not resolve set to
    /// the other lesson's shipped file.
    func completingLinkedInputs(_ resolved: ResolvedInputs) throws -> ResolvedInputs {
        var all = resolved.inputs
        for input in inputs where input.from != nil && all[input.name] == nil {
            all[input.name] = try linkedInput(input.name)
        }
        return ResolvedInputs(inputs: all, profile: resolved.profile, banner: resolved.banner)
    }

    /// `url` as the learner finds it from the repository (`lessons/62-big-transfer/assets/x.npz`):
    /// relative to the folder holding the lessons folder when inside it, else absolute.
    public func repositoryPath(_ url: URL) -> String {
        let root = catalog.directory.standardizedFileURL.deletingLastPathComponent().path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    private func linkedLesson(_ number: Int, what: String) throws -> Lesson {
        let folders = (try? FileManager.default.contentsOfDirectory(
            at: catalog.directory, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        for folder in folders.sorted(by: { $0.path < $1.path }) {
            let file = folder.appendingPathComponent("lesson.toml")
            guard FileManager.default.fileExists(atPath: file.path), folder.path != directory.path else { continue }
            let lesson = try LessonFile.load(file)
            if lesson.number == number { return lesson }
        }
        throw LinkError.noLesson(what: what, lesson: number, catalog: catalog.directory.path, file: file.path)
    }
}
