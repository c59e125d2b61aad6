import Foundation

/// A lesson as declared by its `lesson.toml`: what it is, its parameters, and its cells.
///
/// The runner never names a lesson; everything lesson-specific is here or in the
/// lesson's `LessonProgram` (the cell bodies).
public struct Lesson: Sendable {
    /// The lesson's number (`lesson run 62`).
    public let number: Int
    /// Its title, shown by `lesson list` and at the top of `summary.md`.
    public let title: String
    /// Markdown shown under the title in `summary.md` (may be empty).
    public let introduction: String
    /// Where the lesson comes from.
    public let sources: [Source]
    /// The parameters, in declaration order.
    public let parameters: [ParameterDeclaration]
    /// Named default overrides, selected by the program's input resolution.
    public let profiles: [Profile]
    /// External inputs the cells may read (for example `data`, `weights`).
    public let inputs: [InputDeclaration]
    /// The cells, in declaration order.
    public let cells: [CellDeclaration]
    /// Downloadable assets (for `lesson fetch`).
    public let assets: [AssetDeclaration]
    /// The published result of the work the lesson reproduces (`[reference]`), if declared.
    public let reference: Reference?
    /// Other lessons' parameters its cells read (`[[links]]`).
    public let links: [LinkDeclaration]
    /// The `lesson.toml` this was read from.
    public let file: URL

    /// The folder holding `lesson.toml` (its name, such as `62-big-transfer`, is the lesson's slug).
    public var directory: URL { file.deletingLastPathComponent() }

    /// The cell graph of this lesson.
    public var graph: CellGraph { CellGraph(cells: cells) }

    /// The declaration of parameter `name`, if any.
    public func parameter(_ name: String) -> ParameterDeclaration? {
        parameters.first { $0.name == name }
    }

    /// The declaration of cell `name`, if any.
    public func cell(_ name: String) -> CellDeclaration? {
        cells.first { $0.name == name }
    }

    public init(
        number: Int, title: String, introduction: String = "", sources: [Source] = [],
        parameters: [ParameterDeclaration], profiles: [Profile] = [], inputs: [InputDeclaration] = [],
        cells: [CellDeclaration], assets: [AssetDeclaration] = [], reference: Reference? = nil,
        links: [LinkDeclaration] = [], file: URL
    ) {
        self.number = number
        self.title = title
        self.introduction = introduction
        self.sources = sources
        self.parameters = parameters
        self.profiles = profiles
        self.inputs = inputs
        self.cells = cells
        self.assets = assets
        self.reference = reference
        self.links = links
        self.file = file
    }

    /// The file input `name` ships in the lesson folder (`shipped` in `[[inputs]]`), if any.
    public func shippedFile(_ input: String) -> URL? {
        inputs.first { $0.name == input }?.shipped.map { directory.appendingPathComponent($0) }
    }

    /// The asset that provides input `name` (`input` in `[[assets]]`), if any.
    public func asset(providing input: String) -> AssetDeclaration? {
        assets.first { $0.input == input }
    }
}

/// The result the lesson's source published, declared once in the lesson file (`[reference]`)
/// so that every cell, table and file that quotes it says the same, with its source.
public struct Reference: Equatable, Sendable {
    /// Where the figures come from, in words.
    public let source: String
    /// Where to check them (may be empty).
    public let url: String
    /// The figures by name (`accuracy = 0.9727`, `images = 3670`).
    public let values: [String: ReferenceValue]

    public init(source: String, url: String = "", values: [String: ReferenceValue]) {
        self.source = source
        self.url = url
        self.values = values
    }

    /// The number `name`, if declared as one.
    public func number(_ name: String) -> Double? {
        switch values[name] {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}

/// A value of the `[reference]` table.
public enum ReferenceValue: Equatable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)

    /// Integers with thousands separators (3,670), doubles as written, strings as they are.
    public var description: String {
        switch self {
        case .int(let value): return Format.grouped(value)
        case .double(let value): return "\(value)"
        case .string(let value): return value
        }
    }
}

/// A work a lesson is based on.
public struct Source: Equatable, Sendable {
    /// Its title.
    public let title: String
    /// Who wrote it.
    public let authors: String
    /// Where to read it (may be empty).
    public let url: String
    /// Venue and year, or the kind of work (may be empty).
    public let note: String

    public init(title: String, authors: String, url: String = "", note: String = "") {
        self.title = title
        self.authors = authors
        self.url = url
        self.note = note
    }

    /// `Authors, "Title", note. url` as one markdown line.
    public var citation: String {
        var text = "\(authors), \"\(title)\""
        if !note.isEmpty { text += ", \(note)" }
        if !url.isEmpty { text += ". <\(url)>" }
        return text
    }
}

/// An external input a lesson's cells read: a folder or file given on the command
/// line, fetched earlier, or generated by the lesson. Its fingerprint enters the
/// cache key of every cell that declares it.
public struct InputDeclaration: Equatable, Sendable {
    /// The name cells use (`data`, `weights`).
    public let name: String
    /// One line saying what it is.
    public let meaning: String
    /// A file the lesson ships in its folder for this input (`shipped`, relative to lesson.toml), if any.
    public let shipped: String?
    /// The `lesson run` option that gives it (`flag = "data"` is `--data PATH`), if the learner can.
    public let flag: String?
    /// What the option must name (`kind`): checked before any cell runs.
    public let kind: InputKind?
    /// Another lesson's shipped file, the input's default (`from = { lesson = 62, input = "weights" }`).
    public let from: LinkedInput?

    public init(name: String, meaning: String, shipped: String? = nil, flag: String? = nil, kind: InputKind? = nil,
                from: LinkedInput? = nil) {
        self.name = name
        self.meaning = meaning
        self.shipped = shipped
        self.flag = flag
        self.kind = kind
        self.from = from
    }

    /// What it is, in a few words: its meaning up to the first colon.
    public var what: String {
        String(meaning.split(separator: ":", maxSplits: 1).first ?? Substring(meaning))
    }
}

/// What an input given on the command line must be.
public enum InputKind: String, Sendable, Equatable {
    /// A folder with at least one visible entry.
    case folder
    /// A readable regular file.
    case file
}

/// A cell as declared in `lesson.toml`: its name, texts, and what it reads.
public struct CellDeclaration: Equatable, Sendable {
    /// The cell's name (`train`), used by `--cell` and `--from`.
    public let name: String
    /// A short title (`Train the head`).
    public let title: String
    /// One line saying what the cell does.
    public let purpose: String
    /// Markdown shown before the cell's results in `summary.md`.
    public let narrative: String
    /// The parameters the cell reads; only these enter its cache key.
    public let parameters: [String]
    /// The cells whose results it loads.
    public let upstream: [String]
    /// The external inputs it reads.
    public let inputs: [String]
    /// The values it records for the prose (`records`): narratives quote them as `{{cell.value}}`.
    public let records: [String]
    /// The lesson's `[[links]]` it reads (other lessons' parameters); their values enter its cache key.
    public let links: [String]

    public init(
        name: String, title: String, purpose: String = "", narrative: String = "",
        parameters: [String] = [], upstream: [String] = [], inputs: [String] = [], records: [String] = [],
        links: [String] = []
    ) {
        self.name = name
        self.title = title
        self.purpose = purpose
        self.narrative = narrative
        self.parameters = parameters
        self.upstream = upstream
        self.inputs = inputs
        self.records = records
        self.links = links
    }
}

/// A downloadable asset of a lesson (`[[assets]]`), fetched by `lesson fetch` into the user cache
/// and then found there by the lesson's input resolution.
public struct AssetDeclaration: Equatable, Sendable {
    /// Short name shown to the learner ("flower_photos").
    public let name: String
    /// Where it is downloaded from.
    public let url: String
    /// Exact size of the download in bytes, or nil when unpublished (not size-checked).
    public let size: Int64?
    /// Expected SHA-256, 64 hex digits, or nil when unpublished: the fetcher then records
    /// the sum of the first download and checks the installed file against it later.
    public let sha256: String?
    /// `file` (kept as downloaded) or `tar.gz` (extracted into `destination`).
    public let kind: String
    /// Path under the user cache: the file, or the folder an archive is extracted into.
    public let destination: String
    /// The declared input it provides (`data`, `weights`).
    public let input: String

    public init(name: String, url: String, size: Int64?, sha256: String?, kind: String, destination: String,
                input: String) {
        self.name = name
        self.url = url
        self.size = size
        self.sha256 = sha256
        self.kind = kind
        self.destination = destination
        self.input = input
    }
}
