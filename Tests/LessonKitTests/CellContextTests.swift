import Foundation
import LessonKit
import Testing

/// A cell body's access is limited to what its declaration allows.
@Suite struct CellContextTests {
    /// Runs the test lesson with `body` as cell `b`, returning the outcome.
    private func runB(_ body: @escaping (CellContext) throws -> Void) throws -> RunOutcome {
        let fixture = try RunnerFixture()
        let program = BodyProgram(data: fixture.dataFolder, b: body)
        let runner = LessonRunner(lesson: fixture.lesson, program: program, store: fixture.store,
                                  console: Console(isInteractive: false) { _ in },
                                  userCache: fixture.root.appendingPathComponent("cache"))
        return try runner.run(RunRequest())
    }

    @Test func declaredValuesAreReadable() throws {
        var seen: (Double, URL?, String)?
        let outcome = try runB { context in
            let state = try context.upstreamState("a")
            seen = (try context.double("beta"), state, try context.upstreamKey("a").short)
            try Data("x".utf8).write(to: context.stateDirectory.appendingPathComponent("b.txt"))
        }
        #expect(outcome == .completed)
        #expect(seen?.0 == 0.5)
        #expect(seen?.1?.lastPathComponent.hasPrefix(seen?.2 ?? "-") == true)
    }

    @Test func undeclaredParameterFailsTheCellWithTheFix() throws {
        let outcome = try runB { context in _ = try context.int("alpha") }
        #expect(outcome == .failed(cell: "b", message: CellError.undeclaredParameter(
            cell: "b", parameter: "alpha", file: "/lessons/07-test/lesson.toml").description))
    }

    @Test func wrongGetterNamesTheRightOne() throws {
        let outcome = try runB { context in _ = try context.string("beta") }
        #expect(outcome == .failed(cell: "b", message:
            "cell 'b' reads parameter 'beta' as string, but it is declared as double: use context.double(\"beta\")."))
    }

    @Test func undeclaredInputAndNonUpstreamStateFail() throws {
        #expect(try runB { _ = try $0.input("data") } == .failed(cell: "b", message: CellError.undeclaredInput(
            cell: "b", input: "data", file: "/lessons/07-test/lesson.toml").description))
        #expect(try runB { _ = try $0.upstreamState("d") } == .failed(cell: "b", message: CellError.notUpstream(
            cell: "b", upstream: "d", file: "/lessons/07-test/lesson.toml").description))
        #expect(try runB { _ = try $0.outputURL(named: "../x.png") } == .failed(
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

/// The test lesson with a custom body for cell `b`.
private struct BodyProgram: LessonProgram {
    let number = 7
    let data: URL
    let b: (CellContext) throws -> Void

    func cells() -> [CellImplementation] {
        ["a", "c", "d"].map { CellImplementation(name: $0, version: "1") { _ in } }
            + [CellImplementation(name: "b", version: "1", body: b)]
    }

    func resolveInputs(_ given: InputRequest) throws -> ResolvedInputs {
        ResolvedInputs(inputs: ["data": ResolvedInput(url: data, description: "test data", origin: .flag("--data"))])
    }
}
