import Tensors

extension BiTCheckpoint {
    /// Seeded random checkpoint arrays of `config` in the official key layout: kernels
    /// uniform with unit variance, GroupNorm gamma near 1 and beta near 0, head weights
    /// small. For benchmarks, tests and the embedded offline default (written as `.npz`).
    public static func randomArrays(config: ResNetV2Config, headClasses: Int? = nil,
                                    seed: UInt64 = 1) -> [String: Tensor] {
        var generator = SeededGenerator(seed: seed)
        var arrays: [String: Tensor] = [:]
        for (key, shape) in layout(config: config, headClasses: headClasses) {
            let (scale, offset): (Float, Float) = key.hasSuffix("gamma") ? (0.1, 1)
                : key.hasSuffix("beta") ? (0.1, 0) : key.hasPrefix("resnet/head") ? (0.01, 0) : (1, 0)
            let count = shape.reduce(1, *)
            // Uniform on [-√3, √3) has unit variance.
            let values = (0..<count).map { _ in (generator.nextFloat() * 2 - 1) * 1.732_050_8 * scale + offset }
            arrays[key] = Tensor(shape: shape, scalars: values)
        }
        return arrays
    }
}

extension ResNetV2 {
    /// A model of `config` with seeded random weights (see `BiTCheckpoint.randomArrays`),
    /// built through the checkpoint loader.
    public static func randomlyInitialized(config: ResNetV2Config, headClasses: Int? = nil,
                                           seed: UInt64 = 1) throws -> ResNetV2 {
        try ResNetV2(parameters: BiTCheckpoint.randomArrays(config: config, headClasses: headClasses, seed: seed),
                     config: config, source: "random \(config)")
    }
}
