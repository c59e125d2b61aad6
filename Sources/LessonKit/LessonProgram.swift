import Foundation

/// The Swift side of a lesson: its cell bodies and how it finds its external inputs.
/// The runner pairs it with the `lesson.toml` of the same number.
public protocol LessonProgram {
    /// The lesson number this program implements (matches `number` in `lesson.toml`).
    var number: Int { get }
    /// One implementation per declared cell, matched by name.
    func cells() -> [CellImplementation]
    /// The Swift sources compiled into the lesson's module (its `EmbeddedSources.files`): each
    /// typed cell's code is shown in the notebook and its file's digest enters the cell's cache key.
    var sources: [SourceFile] { get }
    /// Resolves every declared external input: from `--data`/`--weights` when given,
    /// else from assets fetched earlier into the user cache, else from an embedded default
    /// (which may be generated into `given.userCache`). Throws a descriptive error for bad input.
    func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs
}

extension LessonProgram {
    /// A program without embedded sources shows no code and keys cells by their versions alone.
    public var sources: [SourceFile] { [] }
}

/// The implementation of one cell, `CellImplementation(Train.self)` for a typed cell, with the
/// version string that enters its cache key.
public struct CellImplementation {
    /// The declared cell this implements.
    public let name: String
    /// Bump by hand whenever the body's behaviour changes: it invalidates cached results.
    public let version: String
    /// The work: a typed cell with its properties injected (see `init(_:)` on `Cell` types).
    public let body: (CellContext) throws -> Void
    /// What a typed cell (`Cell`) declares, checked against `lesson.toml` when the lesson loads.
    public let signature: CellSignature?
    /// What each link a typed cell reads contributes to its cache key (the values its `@Linked` type holds).
    let linkKeys: (([String: ResolvedLink]) throws -> [String: String])?

    /// The same cell at another code version (a test that changes a cell's code).
    public func withVersion(_ version: String) -> CellImplementation {
        CellImplementation(name: name, version: version, signature: signature, linkKeys: linkKeys, body: body)
    }

    init(name: String, version: String, signature: CellSignature?,
         linkKeys: (([String: ResolvedLink]) throws -> [String: String])? = nil,
         body: @escaping (CellContext) throws -> Void) {
        self.name = name
        self.version = version
        self.signature = signature
        self.linkKeys = linkKeys
        self.body = body
    }
}

/// What the learner gave on the command line, and helpers for resolving inputs.
public struct InputRequest {
    /// The inputs the learner gave with their flags (`--data DIR`), by input name, already checked
    /// to be what their declarations' `kind` says.
    public let given: [String: URL]
    /// The user cache for fetched and generated assets: `$XDG_CACHE_HOME/lesson`, else `~/.cache/lesson`.
    public let userCache: URL
    /// The lesson's folder (beside its lesson.toml), where committed assets live.
    public let lessonDirectory: URL?
    /// The lesson file's declarations (assets, shipped files), when the runner resolves the inputs.
    public let lesson: Lesson?
    let console: Console
    let cancellation: CancellationFlag

    public init(given: [String: URL] = [:], userCache: URL = UserCache.directory, lessonDirectory: URL? = nil,
                lesson: Lesson? = nil, console: Console = Console(), cancellation: CancellationFlag = CancellationFlag()) {
        self.given = given
        self.userCache = userCache
        self.lessonDirectory = lessonDirectory ?? lesson?.directory
        self.lesson = lesson
        self.console = console
        self.cancellation = cancellation
    }

    /// Prints a line while inputs are resolved (for example "generating synthetic flowers").
    public func log(_ message: String) { console.line("  " + message) }

    /// A progress reporter for a slow step of input resolution.
    public func progress(total: Int, label: String) -> ProgressReporter {
        ProgressReporter(total: total, label: label, console: console, cancellation: cancellation)
    }
}

/// Where a resolved input came from. Code that depends on it switches on this, never on the
/// input's description.
public enum InputOrigin: Codable, Equatable, Sendable {
    /// Given on the command line by the learner, with the flag (`--data`).
    case flag(String)
    /// Installed earlier by `lesson fetch` into the user cache: the `[[assets]]` entry's name.
    case fetched(asset: String)
    /// A file the lesson ships in its own folder (`shipped` in `[[inputs]]`), or one of another
    /// lesson named through the catalog.
    case shipped
    /// Made by the lesson itself (drawn, or seeded random weights): what it is.
    case generated(String)
}

/// One resolved external input.
public struct ResolvedInput: Equatable, Codable, Sendable {
    /// The folder or file.
    public let url: URL
    /// How the learner should read it ("synthetic flowers, 5 classes x 60 images (generated, seed 42)").
    public let description: String
    /// Where it came from.
    public let origin: InputOrigin
    /// Whether the run goes on when nothing is at `url` (a file the lesson compares with when it is
    /// there): its absence then enters cache keys as such, and the cells that read it say so.
    public let mayBeAbsent: Bool

    public init(url: URL, description: String, origin: InputOrigin, mayBeAbsent: Bool = false) {
        self.url = url
        self.description = description
        self.origin = origin
        self.mayBeAbsent = mayBeAbsent
    }

    /// Whether something is at `url` (an input that may be absent is not always).
    public var exists: Bool { FileManager.default.fileExists(atPath: url.path) }
}

/// Every declared input of a lesson, resolved, plus how the run should present itself.
public struct ResolvedInputs {
    /// Inputs by declared name.
    public let inputs: [String: ResolvedInput]
    /// The profile whose default overrides apply (for example `embedded`), or nil.
    public let profile: String?
    /// A line shown in the terminal and at the top of `summary.md` (for example
    /// "Miniature offline run: ... Run `lesson fetch 62` for the real one."), or nil.
    public let banner: String?

    public init(inputs: [String: ResolvedInput], profile: String? = nil, banner: String? = nil) {
        self.inputs = inputs
        self.profile = profile
        self.banner = banner
    }
}

/// The user cache folder for assets shared between runs and clones: where `lesson fetch`
/// installs downloads and where lessons look for them (one rule for both).
public enum UserCache {
    /// `$XDG_CACHE_HOME/lesson` when `XDG_CACHE_HOME` is set to an absolute path, else
    /// `~/.cache/lesson` (the XDG Base Directory rule: a relative value is ignored).
    public static var directory: URL { directory() }

    /// The same rule over given variables and home folder (for tests).
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                 home: URL = FileManager.default.homeDirectoryForCurrentUser) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("lesson", isDirectory: true)
        }
        return home.appendingPathComponent(".cache", isDirectory: true).appendingPathComponent("lesson", isDirectory: true)
    }
}
