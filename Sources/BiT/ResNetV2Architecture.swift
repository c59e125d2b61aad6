import Tensors

// Shape legend: kernels HWIO [KH, KW, I, O]; GroupNorm gamma/beta [C]; head kernel
// [1, 1, F, classes] and bias [classes].

/// The shape of a BiT ResNetV2: units per block, root channels (64·w in the published
/// models, any multiple of the groups for miniatures) and GroupNorm groups (BiT's 32).
/// Block b (0-based) has `rootChannels·2^b` middle channels and four times as many
/// outputs; its first unit has stride 1 in block 0, else 2 (BiT's `bit_pytorch/models.py`).
/// The published variants are in `ResNetV2Variants.swift`.
public struct ResNetV2Architecture: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Units in each block, e.g. [3, 4, 6, 3] for a ResNet-50.
    public var blockUnits: [Int]
    /// Channels out of the root convolution (= middle channels of the first block).
    public var rootChannels: Int
    /// GroupNorm groups (32 in BiT).
    public var groups: Int

    /// BiT's GroupNorm groups.
    public static let bitGroups = 32

    public init(blockUnits: [Int], rootChannels: Int, groups: Int = bitGroups) {
        self.blockUnits = blockUnits
        self.rootChannels = rootChannels
        self.groups = groups
    }

    /// Whether the architecture describes a network whose every GroupNorm splits evenly.
    public var isValid: Bool {
        !blockUnits.isEmpty && blockUnits.allSatisfy { $0 > 0 } && groups > 0 && rootChannels > 0
            && rootChannels % groups == 0
    }

    /// Middle channels of block `block` (0-based).
    public func middleChannels(block: Int) -> Int { rootChannels << block }

    /// Output channels of block `block` (0-based).
    public func outputChannels(block: Int) -> Int { 4 * middleChannels(block: block) }

    /// The length of the pre-logits vector.
    public var featureCount: Int { outputChannels(block: blockUnits.count - 1) }

    /// The stride of unit `unit` of block `block` (both 0-based).
    public func stride(block: Int, unit: Int) -> Int { unit == 0 && block > 0 ? 2 : 1 }

    /// Every unit, block by block: the one walk of the architecture that loading,
    /// training, cost counting and the checkpoint layout all follow.
    public var units: [UnitLayout] {
        var result: [UnitLayout] = []
        var inputs = rootChannels
        for (block, count) in blockUnits.enumerated() {
            for unit in 0..<count {
                result.append(UnitLayout(block: block, unit: unit, stride: stride(block: block, unit: unit),
                                         inputChannels: inputs, middleChannels: middleChannels(block: block),
                                         outputChannels: outputChannels(block: block),
                                         // BiT gives every first unit a projection (its stride or width changes).
                                         hasProjection: unit == 0))
                inputs = outputChannels(block: block)
            }
        }
        return result
    }

    /// Every parameter's key, shape and role, in checkpoint order (the official BiT names,
    /// see `BiTCheckpoint`); the head's two keys come last.
    public func layout(headClasses: Int?) -> [ParameterSpec] {
        var entries = [ParameterSpec(BiTCheckpoint.rootKernelKey, [7, 7, 3, rootChannels], .kernel)]
        for unit in units {
            let (inputs, middle, outputs) = (unit.inputChannels, unit.middleChannels, unit.outputChannels)
            entries += [
                ParameterSpec(unit.gammaKey("a"), [inputs], .normScale),
                ParameterSpec(unit.betaKey("a"), [inputs], .normOffset),
                ParameterSpec(unit.kernelKey("a"), [1, 1, inputs, middle], .kernel),
                ParameterSpec(unit.gammaKey("b"), [middle], .normScale),
                ParameterSpec(unit.betaKey("b"), [middle], .normOffset),
                ParameterSpec(unit.kernelKey("b"), [3, 3, middle, middle], .kernel),
                ParameterSpec(unit.gammaKey("c"), [middle], .normScale),
                ParameterSpec(unit.betaKey("c"), [middle], .normOffset),
                ParameterSpec(unit.kernelKey("c"), [1, 1, middle, outputs], .kernel),
            ]
            if unit.hasProjection { entries.append(ParameterSpec(unit.projectionKey, [1, 1, inputs, outputs], .kernel)) }
        }
        let features = featureCount
        entries += [ParameterSpec(BiTCheckpoint.finalGammaKey, [features], .normScale),
                    ParameterSpec(BiTCheckpoint.finalBetaKey, [features], .normOffset)]
        if let headClasses {
            entries += [ParameterSpec(BiTCheckpoint.headKernelKey, [1, 1, features, headClasses], .headKernel),
                        ParameterSpec(BiTCheckpoint.headBiasKey, [headClasses], .headBias)]
        }
        return entries
    }

    /// Seeded random parameters in the official key layout (uniform with unit variance for
    /// kernels, gamma 1 ± 0.17, beta 0 ± 0.17, head ± 0.017), or a zero head when `zeroHead`
    /// (BiT's initialization of a new head). For benchmarks, tests and the embedded offline
    /// default (written as `.npz`).
    public func randomArrays(headClasses: Int?, seed: UInt64 = 1, zeroHead: Bool = false) -> [String: Tensor] {
        var generator = SeededGenerator(seed: seed)
        var arrays: [String: Tensor] = [:]
        for spec in layout(headClasses: headClasses) {
            let (scale, offset): (Float, Float)
            switch spec.role {
            case .normScale: (scale, offset) = (0.1, 1)
            case .normOffset: (scale, offset) = (0.1, 0)
            case .headKernel, .headBias: (scale, offset) = (0.01, 0)
            case .kernel: (scale, offset) = (1, 0)
            }
            let count = spec.count
            // Uniform on [-√3, √3) has unit variance.
            var values = (0..<count).map { _ in (generator.nextFloat() * 2 - 1) * 1.732_050_8 * scale + offset }
            if zeroHead && spec.role.isHead { values = [Float](repeating: 0, count: count) }
            arrays[spec.key] = Tensor(shape: spec.shape, scalars: values)
        }
        return arrays
    }

    /// The starting point for training from scratch: seeded random kernels with He's variance
    /// 2 / fan-in (fan-in = KH·KW·I), GroupNorm gamma 1 and beta 0, and a zero head. The head is
    /// drawn last, so the backbone is the same whatever the number of classes.
    ///
    /// Weight standardization makes the forward pass blind to a kernel's scale, but not SGD:
    /// the gradient of a standardized kernel shrinks as 1/‖w‖ and a step's relative effect as
    /// 1/‖w‖², so unit-variance kernels (‖w‖² = fan-in per filter) would learn hundreds of
    /// times more slowly than He-scaled ones (‖w‖² ≈ 2), the scale BiT trains from.
    public func initialArrays(headClasses: Int?, seed: UInt64) -> [String: Tensor] {
        var arrays = randomArrays(headClasses: headClasses, seed: seed, zeroHead: true)
        for spec in layout(headClasses: headClasses) {
            let (key, shape) = (spec.key, spec.shape)
            switch spec.role {
            case .normScale: arrays[key] = Tensor(shape: shape, scalars: [Float](repeating: 1, count: shape[0]))
            case .normOffset: arrays[key] = Tensor(zeros: shape)
            case .kernel:
                let scale = (2 / Float(shape[0] * shape[1] * shape[2])).squareRoot()
                arrays[key] = Tensor(shape: shape, scalars: arrays[key]!.scalars.map { $0 * scale })
            case .headKernel, .headBias: break  // zero (drawn by randomArrays with zeroHead)
            }
        }
        return arrays
    }

    /// Checkpoint arrays with the head replaced by a zero head for `classes` classes
    /// (BiT's transfer recipe starts the new head at zero); the backbone is kept.
    public func replacingHead(of arrays: [String: Tensor], classes: Int) -> [String: Tensor] {
        var result = arrays
        result[BiTCheckpoint.headKernelKey] = Tensor(zeros: [1, 1, featureCount, classes])
        result[BiTCheckpoint.headBiasKey] = Tensor(zeros: [classes])
        return result
    }
}

/// One parameter of a layout: its checkpoint key, its shape and its role.
public struct ParameterSpec: Equatable, Sendable {
    public var key: String
    public var shape: [Int]
    public var role: ParameterRole

    public init(_ key: String, _ shape: [Int], _ role: ParameterRole) {
        self.key = key
        self.shape = shape
        self.role = role
    }

    /// The number of values.
    public var count: Int { shape.reduce(1, *) }
}

/// One pre-activation bottleneck unit of a ResNetV2: where it sits, its widths, and the
/// official checkpoint keys of its parameters.
public struct UnitLayout: Equatable, Sendable {
    /// Block and unit, both 0-based.
    public var block: Int
    public var unit: Int
    /// The stride of its 3x3 convolution and projection.
    public var stride: Int
    public var inputChannels: Int
    public var middleChannels: Int
    public var outputChannels: Int
    public var hasProjection: Bool

    /// "resnet/block{b}/unit{NN}/" (1-based in the keys).
    public var prefix: String { BiTCheckpoint.unitPrefix(block: block, unit: unit) }
    /// The standardized kernel of layer "a", "b" or "c".
    public func kernelKey(_ layer: String) -> String { prefix + layer + "/standardized_conv2d/kernel" }
    /// The GroupNorm before layer "a", "b" or "c".
    public func gammaKey(_ layer: String) -> String { prefix + layer + "/group_norm/gamma" }
    public func betaKey(_ layer: String) -> String { prefix + layer + "/group_norm/beta" }
    /// The projection's kernel (when `hasProjection`).
    public var projectionKey: String { prefix + "a/proj/standardized_conv2d/kernel" }
}
