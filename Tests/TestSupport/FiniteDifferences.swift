/// Central finite differences for gradient checks in float64.
public enum FiniteDifferences {
    /// ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each i in `indices` (all by default).
    public static func gradient(of f: ([Double]) -> Double, at x: [Double], indices: [Int]? = nil,
                                step h: Double = 1e-6) -> [Double] {
        (indices ?? Array(x.indices)).map { i in
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            return (f(plus) - f(minus)) / (2 * h)
        }
    }

    /// max |a − b| / max |b|: the error of `a` relative to the scale of the reference `b`.
    public static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "comparing \(a.count) values with \(b.count)")
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return error / max(scale, 1e-300)
    }

    /// Σ r·y: a scalar loss whose gradient with respect to y is r.
    public static func dot(_ r: [Double], _ y: [Double]) -> Double {
        precondition(r.count == y.count, "dot of \(r.count) and \(y.count) values")
        return zip(r, y).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// `count` seeded pseudo-random values, uniform in [-1, 1) (SplitMix64).
    public static func random(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53) * 2 - 1
        }
    }
}
