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

    init(data: URL) { self.data = data }

    func cells() -> [CellImplementation] {
        ["a", "b", "c", "d"].map { name in
            CellImplementation(name: name, version: version) { [unowned self] context in
                try self.body(name, context)
            }
        }
    }

    private func body(_ name: String, _ context: CellContext) throws {
        runs.append(name)
        try Data("state of \(name)".utf8).write(to: context.stateDirectory.appendingPathComponent("\(name).txt"))
        if name == "a" {
            let alpha = try context.int("alpha")
            context.fact("alpha", alpha)
            context.summary.paragraph("a saw alpha = \(alpha)")
            try Data("figure".utf8).write(to: context.outputURL(named: "01-a.svg"))
            context.summary.image(path: "01-a.svg", alt: "figure of a")
        } else {
            let upstream = try context.upstreamState("a").appendingPathComponent("a.txt")
            context.summary.table(headers: ["cell", "upstream"],
                                  rows: [[name, try String(contentsOf: upstream, encoding: .utf8)]])
        }
        if name == "b" { context.fact("beta", try context.double("beta")) }
        if name == cancelIn {
            let progress = context.progress(total: 4, label: "steps")
            try progress.advance()
            cancellation.cancel()
            try progress.advance()
        }
        if name == failIn { throw TestFailure() }
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
        return try runner.run(request)
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
