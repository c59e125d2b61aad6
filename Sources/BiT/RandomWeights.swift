import Tensors

extension ResNetV2 {
    /// A model of `config` with seeded random weights (for benchmarks and tests where
    /// values do not matter): kernels uniform with unit variance, GroupNorm gamma near 1
    /// and beta near 0, head weights small; built through the checkpoint loader.
    public static func randomlyInitialized(config: ResNetV2Config, headClasses: Int? = nil,
                                           seed: UInt64 = 1) throws -> ResNetV2 {
        var generator = SeededGenerator(seed: seed)
        var arrays: [String: Tensor] = [:]
        for (key, shape) in BiTCheckpoint.layout(config: config, headClasses: headClasses) {
            let (scale, offset): (Float, Float) = key.hasSuffix("gamma") ? (0.1, 1)
                : key.hasSuffix("beta") ? (0.1, 0) : key.hasPrefix("resnet/head") ? (0.01, 0) : (1, 0)
            let count = shape.reduce(1, *)
            // Uniform on [-√3, √3) has unit variance.
            let values = (0..<count).map { _ in (generator.nextFloat() * 2 - 1) * 1.732_050_8 * scale + offset }
            arrays[key] = Tensor(shape: shape, scalars: values)
        }
        return try ResNetV2(parameters: arrays, config: config, source: "random \(config)")
    }
}
