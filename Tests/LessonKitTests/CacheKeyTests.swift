import Foundation
import LessonKit
import Testing

@Suite struct CacheKeyTests {
    let lesson: Lesson
    let cellA: CellDeclaration
    let cellB: CellDeclaration
    let fingerprint = InputFingerprint(digest: "abc", summary: "1 file")

    init() throws {
        lesson = try TestLesson.lesson()
        cellA = try #require(lesson.cell("a"))
        cellB = try #require(lesson.cell("b"))
    }

    private func parameters(_ assignments: [String: String]) throws -> ResolvedParameters {
        try ResolvedParameters(lesson: lesson, profile: nil,
                               assignments: assignments.map { ParameterAssignment(key: $0.key, value: $0.value) })
    }

    private func keyOfA(_ assignments: [String: String] = [:], version: String = "1",
                        input: InputFingerprint? = nil) throws -> CacheKey {
        CacheKey(cell: cellA, version: version, parameters: try parameters(assignments), upstream: [:],
                 inputs: ["data": input ?? fingerprint])
    }

    @Test func isStableHexSHA256() throws {
        let key = try keyOfA()
        let again = try keyOfA()
        #expect(key == again)
        #expect(key.hex.count == 64)
        #expect(key.hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(key.short == String(key.hex.prefix(12)))
    }

    @Test func changesWithADeclaredParameter() throws {
        let base = try keyOfA()
        #expect(try keyOfA(["alpha": "2"]) != base)
    }

    @Test func ignoresUndeclaredParameters() throws {
        let base = try keyOfA()
        #expect(try keyOfA(["beta": "0.75", "gamma": "y"]) == base)
    }

    @Test func changesWithTheCodeVersionAndTheInputs() throws {
        let base = try keyOfA()
        #expect(try keyOfA(version: "2") != base)
        #expect(try keyOfA(input: InputFingerprint(digest: "abd", summary: "1 file")) != base)
    }

    @Test func changesWithAnUpstreamKey() throws {
        let values = try parameters([:])
        let first = CacheKey(cell: cellB, version: "1", parameters: values, upstream: ["a": try keyOfA()], inputs: [:])
        let second = CacheKey(cell: cellB, version: "1", parameters: values,
                              upstream: ["a": try keyOfA(["alpha": "5"])], inputs: [:])
        #expect(first != second)
    }

    @Test func doubleValuesAreComparedExactly() throws {
        let base = try parameters([:])
        let same = try parameters(["beta": "0.50"])
        let other = try parameters(["beta": "0.5000001"])
        let key = { (values: ResolvedParameters) in
            CacheKey(cell: self.cellB, version: "1", parameters: values, upstream: [:], inputs: [:])
        }
        #expect(key(base) == key(same))
        #expect(key(base) != key(other))
    }
}
