import Foundation
import LessonKit
import Testing
import TestSupport

/// A two-cell typed lesson: `count-numbers` reads a folder, `scale-total` reads its output.
enum TypedLesson {
    enum Rounding: String, ParameterChoice {
        case up, down
    }

    struct CountNumbers: Cell {
        @Parameter var minimum: Int
        @Input var numbers: ResolvedInput

        func run(_ context: CellContext) throws -> NumberCount {
            let text = try String(contentsOf: numbers.url.appendingPathComponent("numbers.txt"), encoding: .utf8)
            let values = text.split(separator: " ").compactMap { Int($0) }.filter { $0 >= minimum }
            context.fact("numbers", values.count)
            return NumberCount(total: values.reduce(0, +), count: values.count, origin: "\(numbers.origin)")
        }
    }

    struct NumberCount: Codable, Equatable {
        var total: Int
        var count: Int
        var origin: String
    }

    struct ScaleTotal: Cell {
        @Parameter var factor: Double
        @Parameter var rounding: Rounding
        @Upstream var counted: NumberCount

        func run(_ context: CellContext) throws -> ScaledTotal {
            let scaled = Double(counted.total) * factor
            return ScaledTotal(value: rounding == .up ? scaled.rounded(.up) : scaled.rounded(.down), share: factor / 4,
                               labels: ["a", "b"])
        }
    }

    struct ScaledTotal: Codable, Equatable {
        var value: Double
        var share: Double
        var labels: [String]
    }

    struct Program: LessonProgram {
        let data: URL
        /// The "compiled" sources: one file per cell, as the embedding plugin would give them.
        var sources: [SourceFile] = TypedLesson.sources()
        var number: Int { 8 }
        func cells() -> [CellImplementation] {
            [CellImplementation(CountNumbers.self), CellImplementation(ScaleTotal.self)]
        }
        func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
            ResolvedInputs(inputs: ["numbers": ResolvedInput(url: given.given["numbers"] ?? data, description: "numbers",
                                                             origin: .generated("test numbers"))])
        }
    }

    /// Two source files, one per cell type; `edit` changes the text of the one named.
    static func sources(editing edited: String? = nil) -> [SourceFile] {
        ["CountNumbers", "ScaleTotal"].map { type in
            var text = "/// The \(type) cell.\nstruct \(type): Cell {\n    func run() {}\n}\n"
            if type == edited { text = text.replacingOccurrences(of: "func run() {}", with: "func run() { edited() }") }
            return SourceFile(path: "Sources/Typed/\(type).swift", sha256: "digest of \(text.hashValue)", text: text)
        }
    }

    /// The lesson file; `replace` edits it to make a disagreement.
    static func toml(_ replace: [(String, String)] = []) -> String {
        var text = """
        number = 8
        title = "Typed lesson"

        [[inputs]]
        name = "numbers"
        meaning = "a folder with numbers.txt"
        flag = "data"
        kind = "folder"

        [[parameters]]
        name = "minimum"
        type = "int"
        default = 2
        meaning = "smallest number counted"
        min = 0
        max = 100

        [[parameters]]
        name = "factor"
        type = "double"
        default = 1.5
        meaning = "scale"
        min = 0

        [[parameters]]
        name = "rounding"
        type = "string"
        default = "up"
        meaning = "which way"
        choices = ["up", "down"]

        [[cells]]
        name = "count-numbers"
        title = "Count"
        purpose = "Counts the numbers."
        parameters = ["minimum"]
        inputs = ["numbers"]
        records = ["total", "count"]
        narrative = "Counted {{count-numbers.count}} numbers, total {{count-numbers.total}}."

        [[cells]]
        name = "scale-total"
        title = "Scale"
        purpose = "Scales the total."
        parameters = ["factor", "rounding"]
        upstream = ["count-numbers"]
        records = ["value", "share", "labels", "forgotten"]
        narrative = "Scaled: {{scale-total.value}}, share {{scale-total.share | percent}}, {{scale-total.labels}}."
        """
        for (old, new) in replace {
            precondition(text.contains(old), "the test lesson has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    static func lesson(_ replace: [(String, String)] = []) throws -> Lesson {
        try LessonFile.parse(toml(replace), file: URL(fileURLWithPath: "/lessons/08-typed/lesson.toml"))
    }

    /// The mismatch the runner finds between the program and a lesson file edited by `replace`.
    static func mismatch(_ replace: [(String, String)]) throws -> DeclarationMismatch? {
        do {
            _ = try CellDeclarationCheck.implementations(of: Program(data: URL(fileURLWithPath: "/tmp")),
                                                         lesson: try lesson(replace))
            return nil
        } catch let mismatch as DeclarationMismatch {
            return mismatch
        }
    }
}

@Suite struct TypedCellTests {
    @Test func swiftNamesMapToTheLessonFilesNames() {
        #expect(TypedLesson.CountNumbers.id == "count-numbers")
        #expect(CellNaming.kebabCase("LoadDataset") == "load-dataset")
        #expect(CellNaming.kebabCase("HTMLPage") == "html-page")
        #expect(CellNaming.snakeCase("fineTuneLearningRate") == "fine_tune_learning_rate")
        #expect(CellNaming.snakeCase("resizeTo") == "resize_to")
        #expect(CellNaming.camelCase("schedule_boundaries") == "scheduleBoundaries")
    }

    @Test func aProgramThatAgreesWithItsLessonFileLoads() throws {
        #expect(try TypedLesson.mismatch([]) == nil)
    }

    @Test func aTypeDisagreementIsFoundInEitherDirection() throws {
        // The lesson file says int where Swift says Double.
        let intInFile = try #require(try TypedLesson.mismatch([("type = \"double\"\ndefault = 1.5", "type = \"int\"\ndefault = 1")]))
        #expect(intInFile.cell == "scale-total" && intInFile.swiftType == "ScaleTotal")
        #expect(intInFile.detail.contains("`factor` is declared `type = \"int\"` in the lesson file, but `factor` is a Double"))
        #expect(intInFile.description.contains("/lessons/08-typed/lesson.toml"))
        // The lesson file says double where Swift says Int.
        let doubleInFile = try #require(try TypedLesson.mismatch([
            ("type = \"int\"\ndefault = 2", "type = \"double\"\ndefault = 2.0"),
        ]))
        #expect(doubleInFile.cell == "count-numbers")
        #expect(doubleInFile.detail.contains("`minimum` is a Int (a int)"))
    }

    @Test func choicesMustBeTheEnumsCasesInEitherDirection() throws {
        let moreInFile = try #require(try TypedLesson.mismatch([("choices = [\"up\", \"down\"]", "choices = [\"up\", \"down\", \"even\"]")]))
        #expect(moreInFile.detail.contains("has choices [\"up\", \"down\", \"even\"] in the lesson file but is the cases [\"up\", \"down\"] of Rounding"))
        let noneInFile = try #require(try TypedLesson.mismatch([("choices = [\"up\", \"down\"]\n", "")]))
        #expect(noneInFile.detail.contains("has no `choices` in the lesson file but is the cases"))
    }

    @Test func parametersListedOnOneSideOnlyAreFound() throws {
        let missingInFile = try #require(try TypedLesson.mismatch([("parameters = [\"factor\", \"rounding\"]", "parameters = [\"factor\"]")]))
        #expect(missingInFile.detail.contains("reads parameter `rounding` (`@Parameter var rounding`)"))
        let missingInSwift = try #require(try TypedLesson.mismatch([("parameters = [\"minimum\"]", "parameters = [\"minimum\", \"factor\"]")]))
        #expect(missingInSwift.detail.contains("lists parameter `factor`"))
        #expect(missingInSwift.detail.contains("has no `@Parameter var factor`"))
    }

    @Test func upstreamAndInputsListedOnOneSideOnlyAreFound() throws {
        let upstream = try #require(try TypedLesson.mismatch([("upstream = [\"count-numbers\"]\n", "")]))
        #expect(upstream.detail.contains("the output of cell 'count-numbers', which the cell's `upstream` in the lesson file does not list"))
        let input = try #require(try TypedLesson.mismatch([("inputs = [\"numbers\"]\n", "")]))
        #expect(input.detail.contains("reads input `numbers`"))
    }

    @Test func theRunnerInjectsParametersInputsAndUpstreamOutputsAndQuotesTheOutputsFields() throws {
        let root = SharedFixtures.temporaryDirectory("typed")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("1 2 3 4".utf8).write(to: data.appendingPathComponent("numbers.txt"))
        var output = ""
        let console = Console(isInteractive: false) { output += $0 }
        let store = ArtifactStore(outputRoot: root.appendingPathComponent("output"), lesson: 8)
        let runner = LessonRunner(lesson: try TypedLesson.lesson(), program: TypedLesson.Program(data: data), store: store,
                                  console: console, userCache: root.appendingPathComponent("cache"))
        #expect(try runner.run(RunRequest(assignments: [.init(key: "rounding", value: "down")])) == .completed,
                "\(output)")
        let record = try #require(RunRecord.load(from: store))
        // 2 + 3 + 4 = 9 (the minimum is 2), scaled by 1.5 and rounded down.
        #expect(record.cell("count-numbers")?.values == ["total": "9", "count": "3"])
        #expect(record.cell("scale-total")?.values?["value"] == "13", "a whole double is written as an integer")
        #expect(record.cell("scale-total")?.values?["labels"] == "a, b")
        // A record the output does not have costs a placeholder, never the finished work.
        #expect(record.cell("scale-total")?.values?["forgotten"] == "none")
        #expect(record.cell("scale-total")?.status == .done)
        let summary = try String(contentsOf: store.outputDirectory.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("Counted 3 numbers, total 9."))
        #expect(summary.contains("Scaled: 13, share 37.50%, a, b."))
        // The input's origin reached the cell as data.
        let count = try JSONDecoder().decode(TypedLesson.NumberCount.self, from: Data(contentsOf: store.cacheDirectory
            .appendingPathComponent("count-numbers").appendingPathComponent(try #require(record.cell("count-numbers")?.key))
            .appendingPathComponent("output.json")))
        #expect(count.origin == "\(InputOrigin.generated("test numbers"))")
    }

    @Test func aCellRunsAloneWithInjectedValues() throws {
        let root = SharedFixtures.temporaryDirectory("typed-alone")
        defer { try? FileManager.default.removeItem(at: root) }
        let cell = TypedLesson.ScaleTotal()
        cell.factor = 2
        cell.rounding = .up
        cell.counted = TypedLesson.NumberCount(total: 5, count: 2, origin: "test")
        let output = try cell.run(try CellContext.standalone(TypedLesson.ScaleTotal.id, in: root))
        #expect(output == TypedLesson.ScaledTotal(value: 10, share: 0.5, labels: ["a", "b"]))
    }

    @Test func setParametersTakesTheResolvedValues() throws {
        let lesson = try TypedLesson.lesson()
        let cell = TypedLesson.ScaleTotal()
        try cell.setParameters(try ResolvedParameters(lesson: lesson, profile: nil,
                                                      assignments: [.init(key: "factor", value: "3")]))
        #expect(cell.factor == 3 && cell.rounding == .up)
    }

    @Test func editingACellsCodeRecomputesItAndItsDependentsOnly() throws {
        let root = SharedFixtures.temporaryDirectory("typed-code")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("1 2 3 4".utf8).write(to: data.appendingPathComponent("numbers.txt"))
        let store = ArtifactStore(outputRoot: root.appendingPathComponent("output"), lesson: 8)
        var output = ""
        func run(_ sources: [SourceFile]) throws -> RunRecord {
            output = ""
            let console = Console(isInteractive: false) { output += $0 }
            var program = TypedLesson.Program(data: data)
            program.sources = sources
            let runner = LessonRunner(lesson: try TypedLesson.lesson(), program: program, store: store, console: console,
                                      userCache: root.appendingPathComponent("cache"))
            #expect(try runner.run(RunRequest()) == .completed, "\(output)")
            return try #require(RunRecord.load(from: store))
        }
        let first = try run(TypedLesson.sources())
        let again = try run(TypedLesson.sources())
        let allCached = again.cells.allSatisfy(\.fromCache)
        #expect(allCached, "the same code: every cell from the cache")
        #expect(again.cells.map(\.key) == first.cells.map(\.key))

        let scaleEdited = try run(TypedLesson.sources(editing: "ScaleTotal"))
        #expect(scaleEdited.cell("count-numbers")?.fromCache == true)
        #expect(scaleEdited.cell("count-numbers")?.key == first.cell("count-numbers")?.key)
        #expect(scaleEdited.cell("scale-total")?.fromCache == false)
        #expect(scaleEdited.cell("scale-total")?.key != first.cell("scale-total")?.key)
        #expect(output.contains("code changed since its last cached result (Sources/Typed/ScaleTotal.swift)"))

        let countEdited = try run(TypedLesson.sources(editing: "CountNumbers"))
        let noneCached = countEdited.cells.allSatisfy { !$0.fromCache }
        #expect(noneCached, "the edited cell and the cell reading its output")
        let earlierKeys = Set((first.cells + scaleEdited.cells).compactMap(\.key))
        let newKeys = Set(countEdited.cells.compactMap(\.key))
        #expect(newKeys.isDisjoint(with: earlierKeys))

        // The code shown is the struct as compiled, with its file and line.
        let summary = try String(contentsOf: store.outputDirectory.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("struct CountNumbers: Cell {\n    func run() { edited() }\n}"))
        #expect(summary.contains("Sources/Typed/CountNumbers.swift:1"))
    }
}
