import LessonKit
import Testing

@Suite struct CellGraphTests {
    /// setup → load → {visualize, pipeline}; model (declared before its upstream) → head ← pipeline.
    let graph = CellGraph(names: ["model", "setup", "load", "visualize", "pipeline", "head"], upstream: [
        "model": ["setup"], "load": ["setup"], "visualize": ["load"], "pipeline": ["load"],
        "head": ["pipeline", "model"],
    ])

    @Test func topologicalOrderPutsUpstreamFirstAndBreaksTiesByDeclaration() {
        #expect(topologicalOrder(graph) == ["setup", "model", "load", "visualize", "pipeline", "head"])
    }

    @Test func ancestorsAreTransitiveInOrder() {
        #expect(ancestors(of: "head", in: graph) == ["setup", "model", "load", "pipeline"])
        #expect(ancestors(of: "setup", in: graph) == [])
    }

    @Test func descendantsAreTransitiveInOrder() {
        #expect(descendants(of: "load", in: graph) == ["visualize", "pipeline", "head"])
        #expect(descendants(of: "setup", in: graph) == ["model", "load", "visualize", "pipeline", "head"])
        #expect(descendants(of: "head", in: graph) == [])
    }

    @Test func lessonGraphFollowsItsDeclarations() throws {
        let lesson = try TestLesson.lesson()
        #expect(topologicalOrder(lesson.graph) == ["a", "b", "c", "d"])
        #expect(descendants(of: "a", in: lesson.graph) == ["b", "c", "d"])
        #expect(lesson.graph.downstream(of: "a") == ["b", "d"])
    }
}
