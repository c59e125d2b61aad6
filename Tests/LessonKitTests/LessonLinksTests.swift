import Foundation
import LessonKit
import TestSupport
import Testing

/// Links to another lesson's parameters, and inputs that are another lesson's shipped file.
@Suite struct LessonLinksTests {
    static let linked = """
    number = 8
    title = "Linked lesson"

    [[inputs]]
    name = "weights"
    meaning = "a file it ships"
    shipped = "assets/model.bin"

    [[parameters]]
    name = "learning_rate"
    type = "double"
    default = 0.1
    meaning = "read through the link"

    [[parameters]]
    name = "boundaries"
    type = "ints"
    default = [200, 300]
    meaning = "read through the link"

    [[parameters]]
    name = "unread"
    type = "int"
    default = 3
    meaning = "read by no linked type"

    [profiles.small]
    description = "the profile the link names"
    set = { learning_rate = 0.02 }

    [[cells]]
    name = "only"
    title = "Only"
    purpose = "Nothing."
    """

    static let linking = """
    number = 7
    title = "Linking lesson"

    [[inputs]]
    name = "model"
    meaning = "lesson 8's shipped file"
    from = { lesson = 8, input = "weights" }

    [[links]]
    name = "training"
    lesson = 8
    profile = "small"
    meaning = "lesson 8's training settings"

    [[cells]]
    name = "uses-link"
    title = "Uses the link"
    purpose = "Records the linked values."
    inputs = ["model"]
    links = ["training"]
    records = ["learning_rate", "boundaries"]
    """

    struct Training: Codable, Equatable {
        var learningRate: Double
        var boundaries: [Int]
    }

    struct Seen: Codable, Equatable {
        var learningRate: Double
        var boundaries: [String]
        var modelShipped: Bool
        var modelExists: Bool
    }

    struct UsesLink: Cell {
        @Linked var training: Training
        @Input var model: ResolvedInput

        func run(_ context: CellContext) throws -> Seen {
            Seen(learningRate: training.learningRate, boundaries: training.boundaries.map(String.init),
                 modelShipped: model.origin == .shipped, modelExists: model.exists)
        }
    }

    /// The same cell without its `@Linked` property.
    struct ForgetsLink: Cell {
        static var id: String { "uses-link" }
        @Input var model: ResolvedInput
        func run(_ context: CellContext) throws -> Seen { Seen(learningRate: 0, boundaries: [], modelShipped: false, modelExists: false) }
    }

    struct Program<C: Cell>: LessonProgram {
        var number: Int { 7 }
        func cells() -> [CellImplementation] { [CellImplementation(C.self)] }
        func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs { ResolvedInputs(inputs: [:]) }
    }

    /// Both lessons in a fresh lessons folder.
    final class Catalog {
        let root = SharedFixtures.temporaryDirectory("lesson-links")
        var lessons: URL { root.appendingPathComponent("lessons") }
        var linkedFile: URL { lessons.appendingPathComponent("08-linked/lesson.toml") }
        var linkingFile: URL { lessons.appendingPathComponent("07-linking/lesson.toml") }

        init() throws {
            for (file, text) in [(linkedFile, LessonLinksTests.linked), (linkingFile, LessonLinksTests.linking)] {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
        }

        func edit(_ old: String, _ new: String) throws {
            let text = try String(contentsOf: linkedFile, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(to: linkedFile, atomically: true, encoding: .utf8)
        }

        /// Runs lesson 7 with `C`; returns the terminal text and the values the cell recorded.
        func run<C: Cell>(_ type: C.Type = UsesLink.self) throws -> (String, [String: String]) {
            var output = ""
            let store = ArtifactStore(outputRoot: root.appendingPathComponent("output"), lesson: 7)
            let runner = LessonRunner(lesson: try LessonFile.load(linkingFile), program: Program<C>(), store: store,
                                      console: Console(isInteractive: false) { output += $0 },
                                      userCache: root.appendingPathComponent("cache"))
            let outcome = try runner.run(RunRequest())
            #expect(outcome == .completed, "\(output)")
            return (output, RunRecord.load(from: store)?.cells.first?.values ?? [:])
        }
    }

    @Test func aCellReadsTheLinkedLessonsValuesUnderItsProfile() throws {
        let catalog = try Catalog()
        let (output, values) = try catalog.run()
        #expect(output.contains("[1/1] uses-link — Uses the link\n"), "\(output)")
        #expect(values == ["learning_rate": "0.02", "boundaries": "200, 300"])
    }

    @Test func onlyAChangeOfAValueTheLinkedTypeHoldsRerunsTheCell() throws {
        let catalog = try Catalog()
        _ = try catalog.run()
        try catalog.edit("default = 3", "default = 4")
        #expect(try catalog.run().0.contains("uses-link — Uses the link: loaded from cache"))
        try catalog.edit("default = 0.1", "default = 0.5")  // the profile's value wins: nothing the cell sees changes
        #expect(try catalog.run().0.contains("uses-link — Uses the link: loaded from cache"))
        try catalog.edit("learning_rate = 0.02", "learning_rate = 0.03")
        let (output, values) = try catalog.run()
        #expect(output.contains("[1/1] uses-link — Uses the link\n"), "\(output)")
        #expect(values["learning_rate"] == "0.03")
        try catalog.edit("default = [200, 300]", "default = [200, 400]")
        #expect(try catalog.run().1["boundaries"] == "200, 400")
    }

    @Test func theLinkEntersTheCacheKey() throws {
        let cell = CellDeclaration(name: "uses-link", title: "t", links: ["training"])
        let parameters = try ResolvedParameters(lesson: try TestLesson.lesson(), profile: nil, assignments: [])
        let key = { (link: String) in
            CacheKey(cell: cell, version: "1", parameters: parameters, upstream: [:], inputs: [:], links: ["training": link])
        }
        #expect(key("lesson 8 profile small\t{\"learning_rate\":0.02}") == key("lesson 8 profile small\t{\"learning_rate\":0.02}"))
        #expect(key("lesson 8 profile small\t{\"learning_rate\":0.02}") != key("lesson 8 profile small\t{\"learning_rate\":0.03}"))
        // A cell without links keeps the key it had before links existed.
        let plain = CellDeclaration(name: "uses-link", title: "t")
        #expect(CacheKey(cell: plain, version: "1", parameters: parameters, upstream: [:], inputs: [:], links: ["training": "x"])
                == CacheKey(cell: plain, version: "1", parameters: parameters, upstream: [:], inputs: [:]))
    }

    @Test func anInputFromAnotherLessonIsItsShippedFileWhichMayBeAbsent() throws {
        let catalog = try Catalog()
        let lesson = try LessonFile.load(catalog.linkingFile)
        let input = try #require(try lesson.linkedInput("model"))
        #expect(input.url.standardizedFileURL.path
                == catalog.lessons.appendingPathComponent("08-linked/assets/model.bin").standardizedFileURL.path)
        #expect(input.origin == .shipped && input.mayBeAbsent && !input.exists)
        #expect(lesson.repositoryPath(input.url) == "lessons/08-linked/assets/model.bin")
        #expect(try catalog.run().1.isEmpty == false)
        let assets = catalog.lessons.appendingPathComponent("08-linked/assets")
        try FileManager.default.createDirectory(at: assets, withIntermediateDirectories: true)
        try Data("weights".utf8).write(to: assets.appendingPathComponent("model.bin"))
        // The file's arrival changes the input's fingerprint: the cell runs again and sees it.
        let (output, _) = try catalog.run()
        #expect(output.contains("[1/1] uses-link — Uses the link\n"), "\(output)")
    }

    @Test func aCellTypeWithoutTheLinkItsDeclarationListsIsAnError() throws {
        let catalog = try Catalog()
        #expect {
            try catalog.run(ForgetsLink.self)
        } throws: { error in
            "\(error)".contains("lists link `training` in the cell's `links`, but ForgetsLink has no `@Linked var training`")
        }
    }

    @Test func aMissingLinkedLessonOrParameterIsNamed() throws {
        let catalog = try Catalog()
        try catalog.edit("name = \"boundaries\"", "name = \"bounds\"")
        try catalog.edit("default = [200, 300]", "default = [1]")
        #expect { try catalog.run() } throws: { error in
            "\(error)".contains("Training reads `boundaries`, which lesson 8 does not declare")
        }
        try catalog.edit("[profiles.small]", "[profiles.smaller]")
        #expect { try catalog.run() } throws: { error in
            "\(error)".contains("link 'training' of \(catalog.linkingFile.path) names profile 'small' of lesson 8, "
                                 + "which declares only smaller")
        }
        try FileManager.default.removeItem(at: catalog.linkedFile)
        #expect { try catalog.run() } throws: { error in
            "\(error)".contains("link 'training' names lesson 8, which is not in \(catalog.lessons.path)")
        }
    }

    @Test func theLessonFileChecksLinksAndLinkedInputs() throws {
        let file = URL(fileURLWithPath: "/lessons/07-linking/lesson.toml")
        let lesson = try LessonFile.parse(Self.linking, file: file)
        #expect(lesson.links == [LinkDeclaration(name: "training", lesson: 8, profile: "small",
                                                 meaning: "lesson 8's training settings")])
        #expect(lesson.inputs.first?.from == LinkedInput(lesson: 8, input: "weights"))
        #expect(lesson.cell("uses-link")?.links == ["training"])
        #expect { try LessonFile.parse(Self.linking.replacingOccurrences(of: "links = [\"training\"]", with: "links = [\"other\"]"),
                                      file: file) } throws: { "\($0)".contains("cell 'uses-link' reads undeclared link 'other'") }
        #expect { try LessonFile.parse(Self.linking.replacingOccurrences(of: "from = {", with: "shipped = \"a.bin\"\nfrom = {"),
                                      file: file) } throws: { "\($0)".contains("is given with `shipped`") }
        #expect { try LessonFile.parse(Self.linking.replacingOccurrences(of: "lesson = 8\nprofile", with: "lesson = 7\nprofile"),
                                      file: file) } throws: { "\($0)".contains("links the lesson to itself") }
    }
}
