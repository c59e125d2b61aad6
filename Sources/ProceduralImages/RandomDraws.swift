import Foundation
import Tensors

/// The draws a painter needs, on top of the project's platform-independent generator.
public extension SeededGenerator {
    /// A uniform `Double` in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextDouble()
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        nextDouble() < probability
    }

    /// -1 or +1 with equal probability.
    mutating func sign() -> Double {
        chance(0.5) ? 1 : -1
    }

    /// An approximately normal draw (Irwin-Hall sum of four uniforms), enough for jitter.
    mutating func gaussian(_ deviation: Double) -> Double {
        let sum = nextDouble() + nextDouble() + nextDouble() + nextDouble()
        return (sum - 2) * deviation * 1.732_050_8  // the sum's variance is 4/12
    }

    /// An angle in [0, 2 pi).
    mutating func angle() -> Double {
        uniform(0, 2 * Double.pi)
    }

    /// An integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }

    /// An index drawn with probability proportional to `weights`.
    mutating func weightedIndex(_ weights: [Double]) -> Int {
        var target = nextDouble() * weights.reduce(0, +)
        for (index, weight) in weights.enumerated() {
            target -= weight
            if target < 0 { return index }
        }
        return weights.count - 1
    }

    /// One of `choices`, picked with probability proportional to its weight.
    mutating func pick<T>(_ choices: [(T, Double)]) -> T {
        choices[weightedIndex(choices.map(\.1))].0
    }
}
