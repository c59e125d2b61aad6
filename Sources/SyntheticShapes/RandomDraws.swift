import Foundation
import Tensors

/// The draws a painter needs, on top of the project's platform-independent generator.
extension SeededGenerator {
    /// A uniform `Double` in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * nextDouble()
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        nextDouble() < probability
    }

    /// An integer in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.count)
    }

    /// An angle in [0, 2 pi).
    mutating func angle() -> Double {
        uniform(0, 2 * Double.pi)
    }

    /// One of `choices`, picked with probability proportional to its weight.
    mutating func pick<T>(_ choices: [(T, Double)]) -> T {
        var target = nextDouble() * choices.reduce(0) { $0 + $1.1 }
        for (choice, weight) in choices {
            target -= weight
            if target < 0 { return choice }
        }
        return choices[choices.count - 1].0
    }
}
