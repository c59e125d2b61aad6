import Foundation
import LessonKit
import TestSupport
import Testing
import TourLesson

@Suite struct LessonFileTests {
    let file = URL(fileURLWithPath: "/lessons/07-test/lesson.toml")

    @Test func parsesEveryPart() throws {
        let lesson = try TestLesson.lesson()
        #expect(lesson.number == 7)
        #expect(lesson.title == "Test lesson")
        #expect(lesson.sources == [Source(title: "A source", authors: "Someone", url: "https://example.org")])
        #expect(lesson.parameters.map(\.name) == ["alpha", "beta", "gamma"])
        #expect(lesson.parameter("beta")?.defaultValue == .double(0.5))
        #expect(lesson.profiles == [Profile(name: "small", description: "smaller", values: ["alpha": .int(2)])])
        #expect(lesson.inputs == [InputDeclaration(name: "data", meaning: "a folder")])
        #expect(lesson.cells.map(\.name) == ["a", "b", "c", "d"])
        #expect(lesson.cell("a")?.narrative == "Narrative of a.")
        #expect(lesson.cell("b")?.upstream == ["a"])
        #expect(lesson.directory.lastPathComponent == "07-test")
    }

    private func error(in text: String) -> LessonFileError? {
        do {
            _ = try LessonFile.parse(text, file: file)
            return nil
        } catch {
            return error as? LessonFileError
        }
    }

    private func replacing(_ old: String, with new: String) -> String {
        TestLesson.toml.replacingOccurrences(of: old, with: new)
    }

    @Test func unknownKeyNamesTheKeyAndTheAllowedOnes() throws {
        let text = replacing("title = \"First\"", with: "title = \"First\"\ncolour = 1")
        let found = try #require(error(in: text))
        #expect(found.key == "cells[0].colour")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex(of: "colour = 1")) + 1
        #expect(found.line == line)
        #expect(found.description.hasPrefix(
            "/lessons/07-test/lesson.toml:\(line), key 'cells[0].colour': is not a known key."))
        #expect(found.fix.contains("name, title, purpose"))
    }

    @Test func defaultOfTheWrongTypeIsRejected() throws {
        let found = try #require(error(in: replacing("default = 1\n", with: "default = \"one\"\n")))
        #expect(found.key == "parameters[0].default")
        #expect(found.problem == "must be of type int")
    }

    @Test func unknownUpstreamCellListsTheCells() throws {
        let found = try #require(error(in: replacing("upstream = [\"b\"]", with: "upstream = [\"zz\"]")))
        #expect(found.key == "cells[2].upstream")
        #expect(found.fix == "use one of a, b, d")
    }

    @Test func undeclaredParameterOfACellIsRejected() throws {
        let found = try #require(error(in: replacing("parameters = [\"beta\"]", with: "parameters = [\"delta\"]")))
        #expect(found.key == "cells[1].parameters")
    }

    @Test func cycleIsRejected() throws {
        let found = try #require(error(in: replacing("purpose = \"Uses a.\"\nparameters = [\"beta\"]\nupstream = [\"a\"]",
                                                     with: "purpose = \"Uses a.\"\nparameters = [\"beta\"]\nupstream = [\"c\"]")))
        #expect(found.problem == "the upstream links form a cycle: b → c → b")
    }

    @Test func duplicateCellNameIsRejected() throws {
        let found = try #require(error(in: replacing("name = \"d\"", with: "name = \"c\"")))
        #expect(found.key == "cells[3].name")
        #expect(found.problem == "'c' is declared twice")
    }

    @Test func invalidTomlNamesTheFile() throws {
        let found = try #require(error(in: "number = = 3"))
        #expect(found.file == "/lessons/07-test/lesson.toml")
        #expect(found.problem.hasPrefix("is not valid TOML"))
    }

    static let asset = """

    [[assets]]
    name = "flower_photos"
    url = "https://example.org/flower_photos.tgz"
    size = 1234
    sha256 = "\(String(repeating: "ab", count: 32))"
    kind = "tar.gz"
    destination = "datasets/tf_flowers"
    input = "data"
    """

    @Test func parsesAssets() throws {
        let lesson = try LessonFile.parse(TestLesson.toml + Self.asset, file: file)
        #expect(lesson.assets == [AssetDeclaration(
            name: "flower_photos", url: "https://example.org/flower_photos.tgz", size: 1234,
            sha256: String(repeating: "ab", count: 32), kind: "tar.gz", destination: "datasets/tf_flowers",
            input: "data")])
    }

    @Test func assetWithAShortChecksumOrUnknownInputIsRejected() throws {
        let short = try #require(error(in: TestLesson.toml + Self.asset.replacingOccurrences(
            of: String(repeating: "ab", count: 32), with: "abc")))
        #expect(short.key == "assets[0].sha256")
        let unknown = try #require(error(in: TestLesson.toml + Self.asset.replacingOccurrences(
            of: "input = \"data\"", with: "input = \"photos\"")))
        #expect(unknown.key == "assets[0].input")
    }

    @Test func assetSizeAndChecksumAreOptionalButCheckedWhenGiven() throws {
        let unpublished = Self.asset
            .replacingOccurrences(of: "size = 1234\n", with: "")
            .replacingOccurrences(of: "sha256 = \"\(String(repeating: "ab", count: 32))\"\n", with: "")
        let lesson = try LessonFile.parse(TestLesson.toml + unpublished, file: file)
        #expect(lesson.assets.map(\.size) == [nil])
        #expect(lesson.assets.map(\.sha256) == [nil])
        #expect(lesson.assets.map(\.destination) == ["datasets/tf_flowers"])

        let zero = try #require(error(in: TestLesson.toml + Self.asset.replacingOccurrences(
            of: "size = 1234", with: "size = 0")))
        #expect(zero.key == "assets[0].size")
        #expect(zero.problem == "must be positive")
        let text = try #require(error(in: TestLesson.toml + Self.asset.replacingOccurrences(
            of: "size = 1234", with: "size = \"big\"")))
        #expect(text.key == "assets[0].size")
        #expect(text.problem == "must be an integer")
    }

    @Test func repositoryLessonsParseAndListInOrder() throws {
        let catalog = LessonCatalog(directory: SharedFixtures.repositoryRoot.appendingPathComponent("lessons"))
        let lessons = try catalog.lessons()
        #expect(lessons.map(\.number) == [0, 61, 62])
        let bit = try catalog.lesson(62)
        #expect(bit.cells.map(\.name) == ["setup", "load-dataset", "visualize", "define-pipeline", "load-model",
                                          "build-head", "train", "plot-history", "evaluate", "random-backbone",
                                          "fine-tune", "compare", "few-shot"])
        #expect(bit.parameter("learning_rate")?.defaultValue == .double(0.000375))
        #expect(bit.parameter("schedule_length")?.defaultValue == .int(4000))
        #expect(bit.parameter("schedule_boundaries")?.defaultValue == .ints([200, 300, 400]))
        let embedded: [String: ParameterValue] = [
            "resize_to": .int(224), "crop_to": .int(192), "feature_views": .int(4), "standardize_features": .bool(true),
            "learning_rate": .double(0.01), "patience": .int(5), "compare_random_backbone": .bool(true),
            "fine_tune": .bool(true), "fine_tune_steps": .int(15),
        ]
        #expect(bit.profiles.first?.values == embedded)
        let upstream = try catalog.lesson(61)
        #expect(upstream.cells.map(\.name) == ["look-at-data", "build-model", "pretrain", "plot-history", "export",
                                               "transfer"])
        #expect(upstream.parameter("steps")?.defaultValue == .int(3600))
        #expect(throws: CatalogError.self) { try catalog.lesson(5) }
    }

    @Test func tourProgramImplementsEveryDeclaredCell() throws {
        let catalog = LessonCatalog(directory: SharedFixtures.repositoryRoot.appendingPathComponent("lessons"))
        let tour = try catalog.lesson(0)
        #expect(TourProgram().cells().map(\.name) == tour.cells.map(\.name))
    }

    /// The line of the key in `text` holding `fragment`, 1-based.
    private func line(of fragment: String, in text: String) throws -> Int {
        try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(fragment) }) + 1
    }

    @Test func semanticErrorsNameTheLineOfTheKey() throws {
        let wrongType = replacing("default = 1\n", with: "default = \"one\"\n")
        let found = try #require(error(in: wrongType))
        #expect(found.key == "parameters[0].default")
        #expect(found.line == (try line(of: "default = \"one\"", in: wrongType)))
        #expect(found.description.contains("lesson.toml:\(found.line!), key 'parameters[0].default'"))
        // A rule checked after parsing (an unknown upstream cell) is placed too.
        let upstream = replacing("upstream = [\"b\"]", with: "upstream = [\"zz\"]")
        let unknown = try #require(error(in: upstream))
        #expect(unknown.key == "cells[2].upstream")
        #expect(unknown.line == (try line(of: "upstream = [\"zz\"]", in: upstream)))
    }

    @Test func aNULByteIsAnErrorNotTheEndOfTheFile() throws {
        // Everything after the NUL (here the cells' declarations) would have been silently dropped.
        let text = replacing("title = \"First\"", with: "title = \"First\u{0}\"")
        let found = try #require(error(in: text))
        let nulLine = try line(of: "\u{0}", in: text)
        #expect(found.line == nulLine)
        #expect(found.problem.contains("NUL byte at line \(nulLine)"))
        #expect(found.description.hasPrefix("/lessons/07-test/lesson.toml:\(nulLine): holds a NUL byte"))
    }

    /// Found by probing: TOML's nan and inf literals passed as a double default (and range).
    @Test(arguments: ["nan", "inf", "-inf"])
    func aNonFiniteNumberIsRefused(literal: String) throws {
        let text = replacing("default = 0.5\n", with: "default = \(literal)\n")
        let found = try #require(error(in: text))
        #expect(found.key == "parameters[1].default")
        #expect(found.problem.contains("not a finite number"))
        #expect(found.line == (try line(of: "default = \(literal)", in: text)))
    }
}
