import Foundation
import LessonKit
import Testing

/// A typed cell gets what its declaration allows, and a property its declaration does not list
/// stops the run before any cell, naming both places.
@Suite struct CellContextTests {
    /// Runs the test lesson with `B` as cell `b`, returning the outcome.
    private func runB<B: Cell>(_ type: B.Type) throws -> RunOutcome {
        let fixture = try RunnerFixture()
        let runner = LessonRunner(lesson: fixture.lesson, program: BodyProgram<B>(data: fixture.dataFolder),
                                  store: fixture.store, console: Console(isInteractive: false) { _ in },
                                  userCache: fixture.root.appendingPathComponent("cache"))
        return try runner.run(RunRequest())
    }

    /// The mismatch `B` makes, as the runner reports it.
    private func mismatch<B: Cell>(_ type: B.Type) throws -> String {
        do {
            _ = try runB(type)
        } catch let error as DeclarationMismatch {
            #expect(error.cell == "b" && error.file == "/lessons/07-test/lesson.toml")
            return error.detail
        }
        Issue.record("\(B.self) ran")
        return ""
    }

    final class Seen: @unchecked Sendable {
        static let shared = Seen()
        var values: [String: String] = [:]
    }

    struct ReadsDeclared: Cell {
        static var id: String { "b" }
        @Parameter var beta: Double
        @Upstream var a: TestState

        func run(_ context: CellContext) throws -> BState {
            Seen.shared.values[context.key.hex] = "\(beta) \(a.text) \(try context.upstreamKey(producing: TestState.self).hex)"
            return BState(beta: beta, upstream: a.text)
        }
    }

    @Test func declaredValuesAreInjected() throws {
        let fixture = try RunnerFixture()
        let runner = LessonRunner(lesson: fixture.lesson, program: BodyProgram<ReadsDeclared>(data: fixture.dataFolder),
                                  store: fixture.store, console: Console(isInteractive: false) { _ in },
                                  userCache: fixture.root.appendingPathComponent("cache"))
        #expect(try runner.run(RunRequest()) == .completed)
        let record = try #require(RunRecord.load(from: fixture.store))
        let keyOfA = try #require(record.cells.first { $0.name == "a" }?.key)
        let keyOfB = try #require(record.cells.first { $0.name == "b" }?.key)
        #expect(Seen.shared.values[keyOfB] == "0.5 state of a \(keyOfA)")
    }

    struct ReadsAlpha: Cell {
        static var id: String { "b" }
        @Parameter var alpha: Int
        @Parameter var beta: Double
        @Upstream var a: TestState
        func run(_ context: CellContext) throws -> BState { BState(beta: beta, upstream: a.text) }
    }

    @Test func anUndeclaredParameterIsAMismatchWithTheFix() throws {
        #expect(try mismatch(ReadsAlpha.self).hasPrefix("ReadsAlpha reads parameter `alpha` (`@Parameter var alpha`), "
            + "which the cell's `parameters` in the lesson file do not list"))
    }

    struct ReadsBetaAsText: Cell {
        static var id: String { "b" }
        @Parameter var beta: String
        @Upstream var a: TestState
        func run(_ context: CellContext) throws -> BState { BState(beta: 0, upstream: a.text) }
    }

    @Test func aParameterOfAnotherTypeNamesBoth() throws {
        #expect(try mismatch(ReadsBetaAsText.self).hasPrefix("parameter `beta` is declared `type = \"double\"` in the "
            + "lesson file, but `beta` is a String (a string) in ReadsBetaAsText"))
    }

    struct ReadsData: Cell {
        static var id: String { "b" }
        @Parameter var beta: Double
        @Upstream var a: TestState
        @Input var data: ResolvedInput
        func run(_ context: CellContext) throws -> BState { BState(beta: beta, upstream: a.text) }
    }

    struct ReadsD: Cell {
        static var id: String { "b" }
        @Parameter var beta: Double
        @Upstream var a: TestState
        @Upstream var d: DState
        func run(_ context: CellContext) throws -> BState { BState(beta: beta, upstream: a.text) }
    }

    struct PublishesOutsideItsFolder: Cell {
        static var id: String { "b" }
        @Parameter var beta: Double
        @Upstream var a: TestState
        func run(_ context: CellContext) throws -> BState {
            _ = try context.outputURL(named: "../x.png")
            return BState(beta: beta, upstream: a.text)
        }
    }

    @Test func anUndeclaredInputOrUpstreamIsAMismatchAndABadNameFailsTheCell() throws {
        #expect(try mismatch(ReadsData.self).hasPrefix("ReadsData reads input `data`, which the cell's `inputs` in the "
            + "lesson file do not list"))
        #expect(try mismatch(ReadsD.self).hasPrefix("ReadsD reads `d`, the output of cell 'd', which the cell's "
            + "`upstream` in the lesson file does not list"))
        #expect(try runB(PublishesOutsideItsFolder.self) == .failed(
            cell: "b", message: CellError.badOutputName(cell: "b", name: "../x.png").description))
    }

    @Test func memoSharesObjectsWithinAProcess() {
        let memo = ProcessMemo()
        var made = 0
        let first = memo.value("model:abc") { () -> [Int] in made += 1; return [1, 2] }
        let second = memo.value("model:abc") { () -> [Int] in made += 1; return [3] }
        #expect(first == [1, 2])
        #expect(second == [1, 2])
        #expect(made == 1)
        #expect(memo.value("model:abc", as: String.self) == nil)
    }
}

/// The test lesson with `B` as cell `b`.
private struct BodyProgram<B: Cell>: LessonProgram {
    let number = 7
    let data: URL

    func cells() -> [CellImplementation] {
        [CellImplementation(TestA.self), CellImplementation(B.self), CellImplementation(TestC.self),
         CellImplementation(TestD.self)]
    }

    func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        ResolvedInputs(inputs: ["data": ResolvedInput(url: data, description: "test data", origin: .flag("--data"))])
    }
}
