import Tensors

/// The random stream of one image of a procedural dataset, so that each image is a pure
/// function of (seed, class, sample index), whatever order or thread draws it.
public enum SampleStream {
    /// One stream number per (class, sample): the class in the high bits, so streams never
    /// collide for fewer than 2^40 samples per class.
    public static func number(classIndex: Int, sampleIndex: Int) -> UInt64 {
        UInt64(classIndex) << 40 | UInt64(truncatingIfNeeded: sampleIndex) & 0xFF_FFFF_FFFF
    }

    /// The generator that draws sample `sampleIndex` of class `classIndex` from `seed`.
    public static func generator(seed: UInt64, classIndex: Int, sampleIndex: Int) -> SeededGenerator {
        SeededGenerator.derived(seed: seed, stream: number(classIndex: classIndex, sampleIndex: sampleIndex))
    }
}
