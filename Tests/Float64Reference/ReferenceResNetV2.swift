import Tensors
import BiT

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F]; logits [N, classes].

/// BiT's ResNetV2 for training the whole network: the same forward pass as the
/// inference `ResNetV2` (weight standardization inside the graph, so gradients reach
/// the raw kernels), a backward pass to every parameter, and SGD with momentum.
///
/// Parameters carry the official BiT checkpoint keys, so `parameterArrays()` can be
/// written with `NumPyArchive.write` and loaded by `ResNetV2(parameters:)`. `Scalar` is
/// `Float` for training and `Double` for gradient checks. The forward pass keeps what
/// the backward pass needs until that backward pass; one pass at a time per model.
public final class ReferenceResNetV2<Scalar: ReferenceScalar> {
    public let architecture: ResNetV2Architecture
    public let headClasses: Int
    /// Every parameter, in checkpoint order (root, blocks, final norm, head).
    public let parameters: [ReferenceParameter<Scalar>]

    private let byKey: [String: ReferenceParameter<Scalar>]
    private let root: ReferenceStandardizedConv<Scalar>
    private let blocks: [[ReferenceBottleneckUnit<Scalar>]]
    private let finalNorm: ReferenceNormReLU<Scalar>
    private let headKernel: ReferenceParameter<Scalar>
    private let headBias: ReferenceParameter<Scalar>
    private var tape: Tape?

    /// What the forward pass leaves for the backward pass outside the layers.
    private struct Tape {
        var rootOutput: FeatureShape
        var padded: FeatureShape
        var argmax: [Int32]
        var final: FeatureShape
        var features: [Scalar]
    }

    /// A model from arrays keyed by the official names (strict: a missing, unused or
    /// mis-shaped key is an error naming `source`).
    public init(architecture: ResNetV2Architecture, headClasses: Int, parameters arrays: [String: Tensor],
                source: String = "parameters") throws {
        guard architecture.isValid, headClasses > 0 else {
            throw CheckpointError.invalidConfiguration(
                "cannot train \(architecture) with \(headClasses) classes: every block needs units, and the root "
                    + "channels must split into \(architecture.groups) groups", source: source)
        }
        let layout = architecture.layout(headClasses: headClasses)
        try BiTCheckpoint.validate(arrays, against: layout, source: source)
        self.architecture = architecture
        self.headClasses = headClasses
        parameters = layout.map { spec in
            ReferenceParameter(key: spec.key, shape: spec.shape, value: arrays[spec.key]!.scalars.map { Scalar($0) })
        }
        let byKey = Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0) })
        self.byKey = byKey
        root = ReferenceStandardizedConv(kernel: byKey[BiTCheckpoint.rootKernelKey]!, stride: 2, padding: 3)
        blocks = architecture.blockUnits.enumerated().map { block, units in
            (0..<units).map { unit in
                ReferenceBottleneckUnit(prefix: BiTCheckpoint.unitPrefix(block: block, unit: unit),
                                        stride: architecture.stride(block: block, unit: unit),
                                        groups: architecture.groups, parameter: { byKey[$0]! },
                                        hasProjection: unit == 0)
            }
        }
        finalNorm = ReferenceNormReLU(gamma: byKey[BiTCheckpoint.finalGammaKey]!,
                                      beta: byKey[BiTCheckpoint.finalBetaKey]!, groups: architecture.groups)
        headKernel = byKey[BiTCheckpoint.headKernelKey]!
        headBias = byKey[BiTCheckpoint.headBiasKey]!
    }

    /// A model with seeded random parameters (`ResNetV2Architecture.randomArrays`).
    public convenience init(architecture: ResNetV2Architecture, headClasses: Int, seed: UInt64 = 1,
                            zeroHead: Bool = false) throws {
        try self.init(architecture: architecture, headClasses: headClasses,
                      parameters: architecture.randomArrays(headClasses: headClasses, seed: seed, zeroHead: zeroHead),
                      source: "random \(architecture)")
    }

    /// The parameter with checkpoint key `key`.
    public subscript(key: String) -> ReferenceParameter<Scalar>? { byKey[key] }

    /// The pre-logits and logits of a forward pass.
    public struct Output {
        /// [N, F].
        public var features: [Scalar]
        /// [N, classes].
        public var logits: [Scalar]
    }

    /// The forward pass of images [N, H, W, 3] with values in [0, 1], keeping what
    /// `backward` needs.
    public func forward(_ images: Tensor) -> Output {
        precondition(images.rank == 4, "images must be [N, H, W, 3], got \(images.shape)")
        return forward(images: ReferenceArithmetic.converted(images.scalars, to: Scalar.self),
                       batch: images.shape[0], height: images.shape[1], width: images.shape[2])
    }

    /// The forward pass of `batch` images of `height`x`width`x3, NHWC, values in [0, 1].
    public func forward(images: [Scalar], batch: Int, height: Int, width: Int) -> Output {
        precondition(batch > 0 && images.count == batch * height * width * 3,
                     "\(images.count) values are not \(batch) images of \(height)x\(width)x3")
        // Root: [0, 1] → [-1, 1], 7x7/2 conv pad 3, zero pad 1, 3x3/2 max pool (BiT's root block).
        let signed = ReferenceArithmetic.affine(images, scale: 2, shift: -1)
        let convolved = root.forward(signed, shape: FeatureShape(batch: batch, height: height, width: width, channels: 3))
        let c = convolved.shape
        let padded = FeatureShape(batch: batch, height: c.height + 2, width: c.width + 2, channels: c.channels)
        let pool = ReferenceMaxPool.forward(
            ReferenceZeroPad.forward(convolved.output, batch: batch, height: c.height, width: c.width,
                                     channels: c.channels, padding: 1),
            batch: batch, height: padded.height, width: padded.width, channels: c.channels, window: 3, stride: 2)
        var map = pool.output
        var shape = FeatureShape(batch: batch, height: (padded.height - 3) / 2 + 1,
                                 width: (padded.width - 3) / 2 + 1, channels: c.channels)
        for unit in blocks.joined() { (map, shape) = unit.forward(map, shape: shape) }
        let features = ReferenceGlobalAveragePool.forward(finalNorm.forward(map, shape: shape), samples: batch,
                                                          pixels: shape.pixels, channels: shape.channels)
        let logits = ReferenceDense.forward(input: features, weight: headKernel.value, bias: headBias.value)
        tape = Tape(rootOutput: c, padded: padded, argmax: pool.argmax, final: shape, features: features)
        return Output(features: features, logits: logits)
    }

    /// Adds to every parameter's gradient its share of ∂L/∂logits ([N, classes]) through
    /// the last forward pass; call `zeroGradients` first unless accumulating batches.
    public func backward(logitsGradient: [Scalar]) {
        guard let tape else { preconditionFailure("backward without a forward pass before it") }
        self.tape = nil
        let head = ReferenceDense.backward(outputGradient: logitsGradient, input: tape.features,
                                           weight: headKernel.value, bias: headBias.value)
        headKernel.accumulate(head.weight)
        headBias.accumulate(head.bias)
        let f = tape.final
        var gradient = finalNorm.backward(ReferenceGlobalAveragePool.backward(
            outputGradient: head.input, samples: f.batch, pixels: f.pixels, channels: f.channels))
        for unit in blocks.joined().reversed() { gradient = unit.backward(gradient) }
        let c = tape.rootOutput
        let padded = ReferenceMaxPool.backward(outputGradient: gradient, argmax: tape.argmax,
                                               inputCount: tape.padded.count)
        let convolved = ReferenceZeroPad.backward(outputGradient: padded, batch: c.batch, height: c.height,
                                                  width: c.width, channels: c.channels, padding: 1)
        // The images are not trained: the root's input gradient is not computed.
        _ = root.backward(convolved, inputGradient: false)
    }

    /// Sets every gradient to zero.
    public func zeroGradients() {
        parameters.forEach { $0.zeroGradient() }
    }

    /// The loss and outputs of one training batch.
    public struct BatchResult {
        /// The mean softmax cross-entropy of the batch (before any update).
        public var loss: Double
        /// [N, classes] (for accuracy).
        public var logits: [Scalar]
    }

    /// Zeroes the gradients, runs forward and backward on labelled images, and returns
    /// the mean softmax cross-entropy; the gradients are then those of that loss.
    @discardableResult
    public func lossAndGradients(images: [Scalar], batch: Int, height: Int, width: Int, labels: [Int]) -> BatchResult {
        precondition(labels.count == batch, "\(labels.count) labels for \(batch) images")
        return lossAndGradients(images: images, batch: batch, height: height, width: width) {
            ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: $0, labels: labels)
        }
    }

    /// As `lossAndGradients(…labels:)`, for target distributions [N, classes] (MixUp).
    @discardableResult
    public func lossAndGradients(images: [Scalar], batch: Int, height: Int, width: Int, targets: [Scalar]) -> BatchResult {
        precondition(targets.count == batch * headClasses, "\(targets.count) targets for \(batch)x\(headClasses)")
        return lossAndGradients(images: images, batch: batch, height: height, width: width) {
            ReferenceSoftmaxCrossEntropy.lossAndGradient(logits: $0, targets: targets, rows: batch)
        }
    }

    private func lossAndGradients(images: [Scalar], batch: Int, height: Int, width: Int,
                                  loss: ([Scalar]) -> (loss: Double, gradient: [Scalar])) -> BatchResult {
        zeroGradients()
        let output = forward(images: images, batch: batch, height: height, width: width)
        let result = loss(output.logits)
        backward(logitsGradient: result.gradient)
        return BatchResult(loss: result.loss, logits: output.logits)
    }
}
