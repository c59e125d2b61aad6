import Foundation

/// Which cells a run computes, which it loads from the cache, and which it leaves stale.
public struct RunPlan {
    /// What happens to one cell.
    public enum Action: Equatable {
        /// Compute it; `reason` says why ("not cached", "asked for", "upstream of train, not cached").
        case run(reason: String)
        /// Load its stored state.
        case load
        /// Leave it: downstream of a rerun cell, its stored results are out of date.
        case stale(because: String)
        /// Leave it: no stored state and not needed by this run.
        case skip
    }

    /// Cells in topological order with their action.
    public let steps: [(cell: String, action: Action)]

    /// The action for `cell`.
    public func action(_ cell: String) -> Action? { steps.first { $0.cell == cell }?.action }

    /// Plans a run.
    /// - Parameters:
    ///   - selected: `--cell` names (forced to run); empty with `from` nil means the whole lesson.
    ///   - from: `--from` name: that cell and every cell after it in order are forced to run.
    ///   - downstream: with `selected`, also rerun their descendants instead of marking them stale.
    ///   - isCached: whether a cell's state for its current key exists.
    public init(graph: CellGraph, selected: [String], from: String?, downstream: Bool,
                isCached: (String) -> Bool) {
        let order = topologicalOrder(graph)
        var forced: Set<String> = Set(selected)
        if let from, let start = order.firstIndex(of: from) { forced.formUnion(order[start...]) }
        if downstream { for name in selected { forced.formUnion(descendants(of: name, in: graph)) } }
        let whole = selected.isEmpty && from == nil
        var needed: Set<String> = []
        for name in forced { needed.formUnion(ancestors(of: name, in: graph)) }
        var rerun: Set<String> = []
        steps = order.map { name in
            let action: Action
            if forced.contains(name) {
                action = .run(reason: "asked for")
            } else if isCached(name) {
                action = .load
            } else if whole {
                action = .run(reason: "not cached")
            } else if needed.contains(name) {
                action = .run(reason: "needed upstream, not cached")
            } else if let cause = graph.upstream[name, default: []].first(where: rerun.contains) {
                action = .stale(because: cause)
            } else {
                action = .skip
            }
            if case .run = action { rerun.insert(name) }
            if case .stale = action { rerun.insert(name) }
            return (name, action)
        }
    }
}
