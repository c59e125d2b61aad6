import Foundation

/// The cells of a lesson and their upstream links, as plain data.
/// The algorithms are the free functions below (`topologicalOrder`, `ancestors`, `descendants`).
public struct CellGraph: Equatable, Sendable {
    /// Cell names in declaration order (the tie-breaker of every ordering).
    public let names: [String]
    /// For each cell, the cells it reads directly.
    public let upstream: [String: [String]]

    public init(names: [String], upstream: [String: [String]]) {
        self.names = names
        self.upstream = upstream
    }

    public init(cells: [CellDeclaration]) {
        self.init(names: cells.map(\.name),
                  upstream: Dictionary(uniqueKeysWithValues: cells.map { ($0.name, $0.upstream) }))
    }

    /// The cells that read `name` directly, in declaration order.
    public func downstream(of name: String) -> [String] {
        names.filter { upstream[$0, default: []].contains(name) }
    }

    /// A cycle of upstream links, if there is one (the graph must be acyclic).
    func cycle() -> [String]? {
        let placed = Set(topologicalOrder(self))
        guard let start = names.first(where: { !placed.contains($0) }) else { return nil }
        // Every unplaced cell has an unplaced upstream cell: walk them until a name repeats.
        var path: [String] = [start]
        var current = start
        while true {
            guard let next = upstream[current, default: []].first(where: { !placed.contains($0) }) else { return path }
            if let index = path.firstIndex(of: next) { return Array(path[index...]) + [next] }
            path.append(next)
            current = next
        }
    }
}

/// All cells in an order where each comes after its upstream cells; among the cells
/// ready at a step, the one declared first goes first. Cells on a cycle are left out.
public func topologicalOrder(_ graph: CellGraph) -> [String] {
    var placed: Set<String> = []
    var order: [String] = []
    while order.count < graph.names.count {
        guard let next = graph.names.first(where: { name in
            !placed.contains(name) && graph.upstream[name, default: []].allSatisfy(placed.contains)
        }) else { break }
        placed.insert(next)
        order.append(next)
    }
    return order
}

/// The cells `name` depends on, directly or through others, in topological order.
public func ancestors(of name: String, in graph: CellGraph) -> [String] {
    var found: Set<String> = []
    var frontier = graph.upstream[name, default: []]
    while let next = frontier.popLast() {
        if found.insert(next).inserted { frontier += graph.upstream[next, default: []] }
    }
    return topologicalOrder(graph).filter(found.contains)
}

/// The cells that depend on `name`, directly or through others, in topological order.
public func descendants(of name: String, in graph: CellGraph) -> [String] {
    var found: Set<String> = []
    var frontier = graph.downstream(of: name)
    while let next = frontier.popLast() {
        if found.insert(next).inserted { frontier += graph.downstream(of: next) }
    }
    return topologicalOrder(graph).filter(found.contains)
}
