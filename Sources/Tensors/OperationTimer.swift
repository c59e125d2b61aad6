import Dispatch
import Foundation

/// The kinds of work a forward or backward pass is split into for reports.
public enum OperationKind: String, CaseIterable, Sendable, Codable {
    case convolution
    case groupNorm
    case pooling
    /// Standardizing kernels (training: every step) and its backward pass.
    case weightStandardization
    /// The SGD update (training).
    case optimizer
    case other
}

/// An opt-in stopwatch per operation kind: disabled (the default) it costs one
/// branch per layer; enabled, layers add their wall-clock time to their kind.
public final class OperationTimer: @unchecked Sendable {
    private let lock = NSLock()
    private var totals: [OperationKind: Double] = [:]
    /// Whether `measure` records anything.
    public var isEnabled: Bool

    public init(enabled: Bool = false) {
        isEnabled = enabled
    }

    /// Runs `body`, adding its duration to `kind` when enabled.
    @inline(__always)
    public func measure<R>(_ kind: OperationKind, _ body: () throws -> R) rethrows -> R {
        guard isEnabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.withLock { totals[kind, default: 0] += seconds }
        }
        return try body()
    }

    /// Seconds recorded per kind (every kind present, zero when unused).
    public var seconds: [OperationKind: Double] {
        lock.withLock {
            Dictionary(uniqueKeysWithValues: OperationKind.allCases.map { ($0, totals[$0] ?? 0) })
        }
    }

    /// Forgets what was recorded.
    public func reset() {
        lock.withLock { totals.removeAll() }
    }
}
