import LessonKit
import Testing

@Suite struct RunPlanTests {
    /// a → b → c, a → d.
    let graph = CellGraph(names: ["a", "b", "c", "d"], upstream: ["b": ["a"], "c": ["b"], "d": ["a"]])

    private func actions(_ plan: RunPlan) -> [String] {
        plan.steps.map { step in
            switch step.action {
            case .run(let reason): return "\(step.cell):run(\(reason))"
            case .load: return "\(step.cell):load"
            case .stale(let cause): return "\(step.cell):stale(\(cause))"
            case .skip: return "\(step.cell):skip"
            }
        }
    }

    @Test func wholeRunComputesWhatIsNotCached() {
        let plan = RunPlan(graph: graph, selected: [], from: nil, downstream: false) { $0 == "a" || $0 == "d" }
        #expect(actions(plan) == ["a:load", "b:run(not cached)", "c:run(not cached)", "d:load"])
        #expect(plan.action("b") == .run(reason: "not cached"))
    }

    @Test func selectedCellForcesItselfAndLeavesUncachedDescendantsStale() {
        let plan = RunPlan(graph: graph, selected: ["b"], from: nil, downstream: false) { $0 != "c" }
        #expect(actions(plan) == ["a:load", "b:run(asked for)", "c:stale(b)", "d:load"])
    }

    @Test func selectedCellComputesMissingUpstream() {
        let plan = RunPlan(graph: graph, selected: ["c"], from: nil, downstream: false) { _ in false }
        #expect(actions(plan) == ["a:run(needed upstream, not cached)", "b:run(needed upstream, not cached)",
                                  "c:run(asked for)", "d:stale(a)"])
    }

    @Test func downstreamForcesDescendants() {
        let plan = RunPlan(graph: graph, selected: ["a"], from: nil, downstream: true) { _ in true }
        #expect(actions(plan) == ["a:run(asked for)", "b:run(asked for)", "c:run(asked for)", "d:run(asked for)"])
    }

    @Test func fromForcesThatCellAndEveryLaterOne() {
        let plan = RunPlan(graph: graph, selected: [], from: "c", downstream: false) { _ in true }
        #expect(actions(plan) == ["a:load", "b:load", "c:run(asked for)", "d:run(asked for)"])
    }
}
