import LessonKit
import Testing

@Suite struct ParameterTests {
    @Test func parsesEachType() {
        #expect(ParameterValue.parse("64", as: .int) == .int(64))
        #expect(ParameterValue.parse("0.01", as: .double) == .double(0.01))
        #expect(ParameterValue.parse("3", as: .double) == .double(3))
        #expect(ParameterValue.parse("faithful", as: .string) == .string("faithful"))
        #expect(ParameterValue.parse("yes", as: .bool) == .bool(true))
        #expect(ParameterValue.parse("[200, 300,400]", as: .ints) == .ints([200, 300, 400]))
        #expect(ParameterValue.parse("0.5,1e-3", as: .doubles) == .doubles([0.5, 0.001]))
        #expect(ParameterValue.parse("", as: .ints) == .ints([]))
    }

    @Test func rejectsValuesOfTheWrongType() {
        #expect(ParameterValue.parse("6.4", as: .int) == nil)
        #expect(ParameterValue.parse("abc", as: .double) == nil)
        #expect(ParameterValue.parse("nan", as: .double) == nil)
        #expect(ParameterValue.parse("maybe", as: .bool) == nil)
        #expect(ParameterValue.parse("200,x", as: .ints) == nil)
    }

    @Test func describesValuesAsTheyAreTyped() {
        #expect(ParameterValue.double(0.000375).description == "0.000375")
        #expect(ParameterValue.ints([200, 300, 400]).description == "200,300,400")
        #expect(ParameterValue.bool(false).description == "false")
    }

    @Test func splitsAssignmentsAtTheFirstEquals() throws {
        let assignment = try ParameterAssignment(parsing: "feature_mode=a=b")
        #expect(assignment.key == "feature_mode")
        #expect(assignment.value == "a=b")
        #expect(throws: ParameterError.malformedAssignment("batch_size")) {
            try ParameterAssignment(parsing: "batch_size")
        }
        #expect(throws: ParameterError.malformedAssignment("=3")) { try ParameterAssignment(parsing: "=3") }
    }

    @Test func resolvesDefaultsThenProfileThenCommandLine() throws {
        let lesson = try TestLesson.lesson()
        let resolved = try ResolvedParameters(
            lesson: lesson, profile: "small", assignments: [ParameterAssignment(key: "beta", value: "0.25")])
        #expect(resolved["alpha"] == .int(2))
        #expect(resolved.origins["alpha"] == .profile)
        #expect(resolved["beta"] == .double(0.25))
        #expect(resolved.origins["beta"] == .commandLine)
        #expect(resolved["gamma"] == .string("x"))
        #expect(resolved.origins["gamma"] == .lessonDefault)
        #expect(resolved.order == ["alpha", "beta", "gamma"])
    }

    @Test func unknownKeyListsTheValidKeys() throws {
        let lesson = try TestLesson.lesson()
        let error = ParameterError.unknownParameter(key: "delta", lesson: 7, valid: ["alpha", "beta", "gamma"])
        #expect(throws: error) {
            try ResolvedParameters(lesson: lesson, profile: nil, assignments: [ParameterAssignment(key: "delta", value: "1")])
        }
        #expect(error.description == "lesson 7 has no parameter 'delta'. Valid keys: alpha, beta, gamma.")
    }

    @Test func wrongTypeNamesTheExpectedTypeWithAnExample() throws {
        let lesson = try TestLesson.lesson()
        do {
            _ = try ResolvedParameters.check(ParameterAssignment(key: "alpha", value: "1.5"), against: lesson)
            Issue.record("expected a type error")
        } catch let error as ParameterError {
            #expect(error == .wrongType(key: "alpha", value: "1.5", expected: .int))
            #expect(error.description == "--set alpha=1.5: '1.5' is not a valid int (for example --set alpha=64).")
        }
    }

    @Test func unknownProfileIsAnError() throws {
        let lesson = try TestLesson.lesson()
        #expect(throws: ParameterError.unknownProfile(name: "huge", lesson: 7, valid: ["small"])) {
            try ResolvedParameters(lesson: lesson, profile: "huge", assignments: [])
        }
    }
}
