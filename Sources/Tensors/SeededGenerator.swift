/// A small, fast, seedable random number generator (SplitMix64).
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded; the lesson needs the
/// same seed to give the same shuffles, crops and flips on every machine, so
/// every random choice in the project draws from this generator.
/// SplitMix64: Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators" (OOPSLA 2014); constants from the paper's reference code.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Skips the next `count` draws at once: the state is a counter that every draw advances by
    /// the same step, so skipping is one multiplication.
    public mutating func skip(_ count: UInt64) {
        state &+= 0x9E37_79B9_7F4A_7C15 &* count
    }

    /// A uniform integer in `0..<bound`, identical on every platform
    /// (unlike `Int.random(in:using:)`, whose algorithm the standard library may change).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0)
        // Lemire's multiply-shift; the tiny bias for huge bounds is irrelevant here.
        let product = next().multipliedFullWidth(by: UInt64(bound))
        return Int(product.high)
    }

    /// A uniform `Float` in [0, 1) built from the top 24 bits.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A uniform `Double` in [0, 1) built from the top 53 bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A seeded Fisher-Yates shuffle of `array`, identical on every platform.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }

    /// A generator derived from this seed and a stream label, so that two uses
    /// of one seed (say shuffling and cropping) do not share a sequence.
    public static func derived(seed: UInt64, stream: UInt64) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        return SeededGenerator(seed: mixer.next())
    }
}
