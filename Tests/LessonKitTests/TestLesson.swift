import Foundation
import LessonKit
import TestSupport

/// A tiny synthetic lesson for runtime tests: a → b → c, plus d reading only a.
enum TestLesson {
    static let toml = """
    number = 7
    title = "Test lesson"

    [[sources]]
    title = "A source"
    authors = "Someone"
    url = "https://example.org"

    [[inputs]]
    name = "data"
    meaning = "a folder"

    [[parameters]]
    name = "alpha"
    type = "int"
    default = 1
    meaning = "read by a"

    [[parameters]]
    name = "beta"
    type = "double"
    default = 0.5
    meaning = "read by b"

    [[parameters]]
    name = "gamma"
    type = "string"
    default = "x"
    meaning = "read by nobody"

    [profiles.small]
    description = "smaller"
    set = { alpha = 2 }

    [[cells]]
    name = "a"
    title = "First"
    purpose = "Reads the data."
    parameters = ["alpha"]
    inputs = ["data"]
    narrative = "Narrative of a."

    [[cells]]
    name = "b"
    title = "Second"
    purpose = "Uses a."
    parameters = ["beta"]
    upstream = ["a"]

    [[cells]]
    name = "c"
    title = "Third"
    purpose = "Uses b."
    upstream = ["b"]

    [[cells]]
    name = "d"
    title = "Fourth"
    purpose = "Uses a only."
    upstream = ["a"]
    """

    static func lesson() throws -> Lesson {
        try LessonFile.parse(toml, file: URL(fileURLWithPath: "/lessons/07-test/lesson.toml"))
    }
}

/// A program for `TestLesson` that counts executions and can be told to fail or cancel.
final class TestProgram: LessonProgram {
    let number = 7
    var data: URL
    /// Resolve `data` as an input that may be absent.
    var dataMayBeAbsent = false
    var runs: [String] = []
    var failIn: String?
    var cancelIn: String?
    var profile: String?
    var version = "1"
    let cancellation = CancellationFlag()

    /// The program whose run is in progress on this task (the fixture binds it around a run), for
    /// its cells, which the runner makes with `init()`.
    @TaskLocal static var current: TestProgram?

    init(data: URL) { self.data = data }

    func cells() -> [CellImplementation] {
        [CellImplementation(TestA.self), CellImplementation(TestB.self), CellImplementation(TestC.self),
         CellImplementation(TestD.self)].map { $0.withVersion(version) }
    }

    /// What every cell does first: count the run and leave a state file.
    static func begin(_ name: String, _ context: CellContext) throws {
        current?.runs.append(name)
        try Data("state of \(name)".utf8).write(to: context.stateDirectory.appendingPathComponent("\(name).txt"))
    }

    /// What every cell does last: stop on Ctrl-C, or fail, when the test asks.
    static func end(_ name: String, _ context: CellContext) throws {
        guard let program = current else { return }
        if name == program.cancelIn {
            let progress = context.progress(total: 4, label: "steps")
            try progress.advance()
            program.cancellation.cancel()
            try progress.advance()
        }
        if name == program.failIn { throw TestFailure() }
    }

    func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        ResolvedInputs(inputs: ["data": ResolvedInput(url: given.given["data"] ?? data, description: "test data", origin: .flag("--data"),
                                                      mayBeAbsent: dataMayBeAbsent)],
                       profile: profile, banner: "Test banner.")
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String { "the test cell failed on purpose" }
    }
}

/// What a test cell leaves for the cells after it.
struct TestState: Codable, Equatable {
    var text: String
}

struct BState: Codable, Equatable {
    var beta: Double
    var upstream: String
}

struct CState: Codable, Equatable { var upstream: String }
struct DState: Codable, Equatable { var upstream: String }

/// Cell a: reads `alpha` and the data, draws a figure.
struct TestA: Cell {
    static var id: String { "a" }
    @Parameter var alpha: Int
    @Input var data: ResolvedInput

    func run(_ context: CellContext) throws -> TestState {
        try TestProgram.begin("a", context)
        context.fact("alpha", alpha)
        context.summary.paragraph("a saw alpha = \(alpha)")
        try Data("figure".utf8).write(to: context.outputURL(named: "01-a.svg"))
        context.summary.image(path: "01-a.svg", alt: "figure of a")
        try TestProgram.end("a", context)
        return TestState(text: "state of a")
    }
}

/// Cell b: reads `beta` and a's output.
struct TestB: Cell {
    static var id: String { "b" }
    @Parameter var beta: Double
    @Upstream var a: TestState

    func run(_ context: CellContext) throws -> BState {
        try TestProgram.begin("b", context)
        context.summary.table(headers: ["cell", "upstream"], rows: [["b", a.text]])
        context.fact("beta", beta)
        try TestProgram.end("b", context)
        return BState(beta: beta, upstream: a.text)
    }
}

/// Cell c: reads b's output.
struct TestC: Cell {
    static var id: String { "c" }
    @Upstream var b: BState

    func run(_ context: CellContext) throws -> CState {
        try TestProgram.begin("c", context)
        context.summary.table(headers: ["cell", "upstream"], rows: [["c", b.upstream]])
        try TestProgram.end("c", context)
        return CState(upstream: b.upstream)
    }
}

/// Cell d: reads a's output only.
struct TestD: Cell {
    static var id: String { "d" }
    @Upstream var a: TestState

    func run(_ context: CellContext) throws -> DState {
        try TestProgram.begin("d", context)
        context.summary.table(headers: ["cell", "upstream"], rows: [["d", a.text]])
        try TestProgram.end("d", context)
        return DState(upstream: a.text)
    }
}

/// A runner over a fresh output folder and data folder, with console output captured.
final class RunnerFixture {
    let root = SharedFixtures.temporaryDirectory("lessonkit")
    let lesson: Lesson
    let program: TestProgram
    let store: ArtifactStore
    private(set) var output = ""
    private let lock = NSLock()

    init() throws {
        lesson = try TestLesson.lesson()
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("1 2 3".utf8).write(to: data.appendingPathComponent("numbers.txt"))
        program = TestProgram(data: data)
        store = ArtifactStore(outputRoot: root.appendingPathComponent("output"), lesson: 7)
    }

    var dataFolder: URL { program.data }

    @discardableResult
    func run(_ request: RunRequest = RunRequest()) throws -> RunOutcome {
        program.runs = []
        let console = Console(isInteractive: false) { [unowned self] text in
            lock.lock()
            output += text
            lock.unlock()
        }
        let runner = LessonRunner(lesson: lesson, program: program, store: store, console: console,
                                  cancellation: program.cancellation, userCache: root.appendingPathComponent("cache"))
        return try TestProgram.$current.withValue(program) { try runner.run(request) }
    }

    func clearOutput() { output = "" }

    /// The complete state folders of `cell`.
    func states(_ cell: String) -> [String] {
        let folder = store.cacheDirectory.appendingPathComponent(cell)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    var summary: String {
        (try? String(contentsOf: store.outputDirectory.appendingPathComponent("summary.md"), encoding: .utf8)) ?? ""
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}
