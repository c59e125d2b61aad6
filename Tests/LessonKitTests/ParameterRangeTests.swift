import Foundation
import LessonKit
import Testing

/// Declared parameter ranges: parsed from the lesson file, checked before any cell runs.
@Suite struct ParameterRangeTests {
    static let toml = """
    number = 9
    title = "Ranges"

    [[parameters]]
    name = "resize_to"
    type = "int"
    default = 384
    meaning = "image side"
    min = 32
    max = 1024

    [[parameters]]
    name = "crop_to"
    type = "int"
    default = 224
    meaning = "crop side"
    min = 32
    at_most = "resize_to"

    [[parameters]]
    name = "fraction"
    type = "double"
    default = 0.85
    meaning = "share for training"
    min = 0.05
    max = 0.95

    [[parameters]]
    name = "mode"
    type = "string"
    default = "cached"
    meaning = "how"
    choices = ["cached", "faithful"]

    [[parameters]]
    name = "boundaries"
    type = "ints"
    default = [200, 300]
    meaning = "steps"
    min = 0

    [profiles.tiny]
    description = "too small a crop"
    set = { crop_to = 16 }

    [[cells]]
    name = "only"
    title = "Only"
    purpose = "Nothing."
    parameters = ["resize_to", "crop_to", "fraction", "mode", "boundaries"]
    """

    static func lesson(_ text: String = toml) throws -> Lesson {
        try LessonFile.parse(text, file: URL(fileURLWithPath: "/lessons/09-ranges/lesson.toml"))
    }

    private func resolve(_ assignments: [String], profile: String? = nil) throws -> ResolvedParameters {
        try ResolvedParameters(lesson: Self.lesson(), profile: profile,
                               assignments: assignments.map { try ParameterAssignment(parsing: $0) })
    }

    @Test func rangesAreReadFromTheLessonFile() throws {
        let parameters = try Self.lesson().parameters
        #expect(parameters[0].range == ParameterRange(min: 32, max: 1024))
        #expect(parameters[1].range == ParameterRange(min: 32, atMost: "resize_to"))
        #expect(parameters[3].range == ParameterRange(choices: ["cached", "faithful"]))
        #expect(parameters[0].range.text() == "32 ... 1024")
        #expect(parameters[2].range.text() == "0.05 ... 0.95")
    }

    @Test func valuesInRangePass() throws {
        let resolved = try resolve(["crop_to=384", "fraction=0.5", "mode=faithful", "boundaries=0,10"])
        #expect(resolved["crop_to"] == .int(384))
    }

    @Test func aValueOutOfItsOwnRangeNamesTheParameterTheValueTheRangeAndAnExample() throws {
        let error = #expect(throws: ParameterError.self) { try resolve(["fraction=1.5"]) }
        #expect(error?.description == "parameter fraction = 1.5 is out of range: it must be 0.05 ... 0.95. "
                + "Choose a value in range, for example --set fraction=0.85.")
        let list = #expect(throws: ParameterError.self) { try resolve(["boundaries=200,-1"]) }
        #expect(list?.description.contains("parameter boundaries = 200,-1 is out of range: it must be at least 0.") == true)
        // Checked when the assignment alone is checked too (the CLI's validate step).
        let lesson = try Self.lesson()
        #expect(throws: ParameterError.self) {
            try ResolvedParameters.check(ParameterAssignment(parsing: "resize_to=100000"), against: lesson)
        }
    }

    @Test func aRuleBetweenParametersUsesTheResolvedValues() throws {
        let error = #expect(throws: ParameterError.self) { try resolve(["resize_to=128"]) }
        #expect(error?.description == "parameter crop_to = 224 (the lesson's default) is out of range: it must be "
                + "at least 32, and at most resize_to (128). Choose a value in range, for example --set crop_to=32.")
        let profile = #expect(throws: ParameterError.self) { try resolve([], profile: "tiny") }
        #expect(profile?.description.contains("parameter crop_to = 16 (set by the lesson's profile) is out of range") == true)
    }

    @Test func aStringOutsideItsChoicesIsRefused() throws {
        let error = #expect(throws: ParameterError.self) { try resolve(["mode=bogus"]) }
        #expect(error?.description == "parameter mode = bogus is out of range: it must be one of cached, faithful. "
                + "Choose a value in range, for example --set mode=cached.")
    }

    @Test func aDefaultOutsideItsRangeOrABadRuleIsALessonFileError() throws {
        let badDefault = Self.toml.replacingOccurrences(of: "default = 0.85", with: "default = 1.85")
        let error = #expect(throws: LessonFileError.self) { try Self.lesson(badDefault) }
        #expect(error?.key == "parameters[2].default")
        let badRule = Self.toml.replacingOccurrences(of: "at_most = \"resize_to\"", with: "at_most = \"rezise_to\"")
        #expect(throws: LessonFileError.self) { try Self.lesson(badRule) }
        let wrongKind = Self.toml.replacingOccurrences(of: "choices = [\"cached\", \"faithful\"]", with: "min = 1")
        let kind = #expect(throws: LessonFileError.self) { try Self.lesson(wrongKind) }
        #expect(kind?.problem == "applies to numbers only")
    }

    @Test func everyShippedLessonDeclaresRangesItsDefaultsAndProfilesSatisfy() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        for folder in ["00-tour", "61-bit-upstream", "62-big-transfer"] {
            let lesson = try LessonFile.load(lessons.appendingPathComponent("\(folder)/lesson.toml"))
            for profile in [nil] + lesson.profiles.map(\.name) {
                #expect(throws: Never.self) { try ResolvedParameters(lesson: lesson, profile: profile, assignments: []) }
            }
            let numeric = lesson.parameters.filter { [.int, .double, .ints, .doubles].contains($0.type) }
            #expect(numeric.allSatisfy { $0.range.min != nil }, "\(folder): every number has a lower bound")
        }
    }
}
