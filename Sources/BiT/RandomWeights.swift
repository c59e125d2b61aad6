import Tensors

extension BiTCheckpoint {
    /// Seeded random checkpoint arrays of `config` in the official key layout: kernels
    /// uniform with unit variance, GroupNorm gamma near 1 and beta near 0, head weights
    /// small. For benchmarks, tests and the embedded offline default (written as `.npz`).
    public static func randomArrays(config: ResNetV2Config, headClasses: Int? = nil,
                                    seed: UInt64 = 1) -> [String: Tensor] {
        ResNetV2Architecture(config).randomArrays(headClasses: headClasses, seed: seed)
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
