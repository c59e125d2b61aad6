import Foundation
import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F], F = 2048·w;
// logits [N, classes].

/// BiT's ResNetV2 (Kolesnikov et al., "Big Transfer", 2020): a 7x7/2 weight-standardized
/// root convolution, zero pad 1 and a 3x3/2 max pool, blocks of pre-activation
/// bottleneck units, a final GroupNorm + ReLU, global average pooling, and a dense head.
///
/// One model both infers and trains. Its parameters are `ModelParameter`s under the official
/// BiT checkpoint keys (`parameterArrays()` writes them, `init(parameters:)` reads them).
/// - Without a gradient (`features`, `logits`; ResNetV2+Inference.swift) it runs the fused
///   inference pass: kernels standardized once per change of their values, GroupNorm
///   statistics gathered in the GEMM tiles, four activation buffers kept between calls
///   (calls from several threads are serialized).
/// - With a gradient (`forward` then `backward`, `trainStep`; ResNetV2+Training.swift) it keeps
///   what the backward pass needs in buffers reused from step to step; one pass at a time.
///   Gradient sums run in a fixed order, so a step gives the same numbers on one machine
///   whatever the thread timing.
public final class ResNetV2 {
    public let architecture: ResNetV2Architecture
    /// Every parameter, in checkpoint order (root, blocks, final norm, then the head's kernel
    /// and bias when the model has a head).
    public private(set) var parameters: [ModelParameter]
    public let root: StandardizedConv2D
    /// `blocks[b][u]` is unit u of block b (both 0-based).
    public let blocks: [[BottleneckUnit]]
    /// The GroupNorm + ReLU before pooling.
    public let finalNorm: GroupNormReLU
    /// Opt-in per-operation timing of passes (disabled by default): passes without a gradient
    /// and forward passes record in `timer.forward`, backward passes and updates in `timer.backward`.
    public let timer = PassTimer()

    /// The head's kernel [1, 1, F, classes] and bias [classes].
    private(set) var headParameters: (kernel: ModelParameter, bias: ModelParameter)?
    /// Every unit, block by block.
    let units: [BottleneckUnit]
    /// The buffers of passes without a gradient, and the lock that serializes them.
    let workspace = ActivationWorkspace()
    let lock = NSLock()
    /// The buffers of gradient passes, and what a forward pass left for the backward pass.
    let buffers = TrainingBuffers()
    var tape: Tape?

    /// What the forward pass leaves for the backward pass outside the units.
    struct Tape {
        var images: FeatureShape
        var rootOutput: FeatureShape
        var pooled: FeatureShape
        var final: FeatureShape
        var finalInput: UnsafePointer<Float>
    }

    /// A model from arrays keyed by the official names (strict: a missing, unused or
    /// mis-shaped key, or a value that is not finite, is an error naming `source`). Without
    /// `architecture` the block units and root channels are inferred from the keys. The head
    /// is the arrays' own when they have one; `headClasses` requires one of that width.
    public init(parameters arrays: [String: Tensor], architecture: ResNetV2Architecture? = nil,
                headClasses: Int? = nil, source: String = "checkpoint") throws {
        let architecture = try architecture
            ?? BiTCheckpoint.inferArchitecture(from: arrays.mapValues(\.shape), source: source)
        let headClasses = headClasses ?? Self.headClasses(in: arrays)
        guard architecture.isValid, (headClasses ?? 1) > 0 else {
            throw CheckpointError.invalidConfiguration(
                "invalid configuration \(architecture) with \(headClasses ?? 0) head classes: every block needs "
                    + "units, and the root channels must split into \(architecture.groups) groups", source: source)
        }
        let layout = architecture.layout(headClasses: headClasses)
        try BiTCheckpoint.validate(arrays, against: layout, source: source)
        self.architecture = architecture
        parameters = layout.map { spec in
            ModelParameter(key: spec.key, shape: spec.shape, role: spec.role, value: arrays[spec.key]!.scalars)
        }
        let byKey = Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0) })
        root = StandardizedConv2D(kernel: byKey[BiTCheckpoint.rootKernelKey]!, stride: 2, padding: 3)
        let units = architecture.units.map { BottleneckUnit($0, groups: architecture.groups) { byKey[$0]! } }
        self.units = units
        blocks = architecture.blockUnits.indices.map { block in units.filter { $0.block == block } }
        finalNorm = GroupNormReLU(gamma: byKey[BiTCheckpoint.finalGammaKey]!, beta: byKey[BiTCheckpoint.finalBetaKey]!,
                                  groups: architecture.groups)
        if headClasses != nil {
            headParameters = (byKey[BiTCheckpoint.headKernelKey]!, byKey[BiTCheckpoint.headBiasKey]!)
        }
        WorkspaceRegistry.register(self)
    }

    /// A model with seeded random parameters (`ResNetV2Architecture.randomArrays`), with a
    /// head of `headClasses` classes (zero when `zeroHead`) or none.
    public convenience init(architecture: ResNetV2Architecture, headClasses: Int? = nil, seed: UInt64 = 1,
                            zeroHead: Bool = false) throws {
        try self.init(parameters: architecture.randomArrays(headClasses: headClasses, seed: seed, zeroHead: zeroHead),
                      architecture: architecture, headClasses: headClasses, source: "random \(architecture)")
    }

    /// The head's class count: the last axis of its kernel when the arrays have one (a bias
    /// alone is left for validation to report as a missing kernel).
    private static func headClasses(in arrays: [String: Tensor]) -> Int? {
        if let kernel = arrays[BiTCheckpoint.headKernelKey] { return kernel.shape.last ?? 0 }
        if let bias = arrays[BiTCheckpoint.headBiasKey] { return bias.shape.first ?? 0 }
        return nil
    }

    /// The length of the pre-logits vector.
    public var featureCount: Int { finalNorm.channels }

    /// The head's classes (0 without a head).
    public var headClasses: Int { headParameters?.bias.count ?? 0 }

    /// The classifier on the pre-logits: the checkpoint's own, or one set by `setHead`.
    public var head: DenseHead? {
        headParameters.map { DenseHead(inputCount: featureCount, classCount: $0.bias.count,
                                       weights: $0.kernel.value, bias: $0.bias.value) }
    }

    /// Installs a head (nil removes it); its input width must be `featureCount`. Its
    /// parameters replace the old head's at the end of `parameters`.
    public func setHead(_ newHead: DenseHead?) {
        let inputs = newHead?.inputCount ?? featureCount
        precondition(inputs == featureCount, "head takes \(inputs) features, the backbone gives \(featureCount)")
        tape = nil
        if headParameters != nil { parameters.removeLast(2) }
        headParameters = newHead.map { head in
            (ModelParameter(key: BiTCheckpoint.headKernelKey, shape: [1, 1, featureCount, head.classCount],
                            role: .headKernel, value: head.weights),
             ModelParameter(key: BiTCheckpoint.headBiasKey, shape: [head.classCount], role: .headBias, value: head.bias))
        }
        if let headParameters { parameters += [headParameters.kernel, headParameters.bias] }
    }

    /// Replaces the head with a fresh (zero) one for `classCount` classes.
    public func resetHead(classCount: Int) {
        setHead(DenseHead(inputCount: featureCount, classCount: classCount))
    }

    /// The parameter with checkpoint key `key`.
    public subscript(key: String) -> ModelParameter? { parameters.first { $0.key == key } }

    /// The number of trained values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The parameters as arrays under the official keys (for `NumPyArchive.write` and
    /// `init(parameters:)`).
    public func parameterArrays() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, Tensor(shape: $0.shape, scalars: $0.value)) })
    }

    /// Every weight-standardized convolution: the root's, then each unit's.
    var convolutions: [StandardizedConv2D] { [root] + units.flatMap(\.convolutions) }

    /// Logits [rows, classes] of pre-logits [rows, F] (the head must exist).
    func headLogits(_ features: UnsafePointer<Float>, rows: Int, into logits: UnsafeMutablePointer<Float>) {
        guard let head = headParameters else { preconditionFailure("the model has no head") }
        let (kernel, bias) = (head.kernel, head.bias)
        kernel.value.withUnsafeBufferPointer { w in
            bias.value.withUnsafeBufferPointer { b in
                Dense.forward(input: features, weight: w.baseAddress!, bias: b.baseAddress!, rows: rows,
                              inputs: featureCount, outputs: bias.count, output: logits)
            }
        }
    }
}
