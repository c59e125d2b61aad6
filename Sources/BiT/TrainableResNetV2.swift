import Foundation
import NumPyIO
import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F]; logits [N, classes].

/// BiT's ResNetV2 for training the whole network: the same forward pass as the
/// inference `ResNetV2` (weight standardization inside the graph, so gradients reach
/// the raw kernels) and a backward pass to every parameter; an optimizer (`SGD`) updates them.
///
/// Parameters carry the official BiT checkpoint keys, so `parameterArrays()` can be
/// written with `NumPyArchive.write` and loaded by `ResNetV2(parameters:)`. The forward
/// pass keeps what the backward pass needs (each convolution's raw output, each
/// GroupNorm's statistics) in buffers reused from step to step; one pass at a time per
/// model. Gradient sums run in a fixed order, so a step gives the same numbers on one
/// machine whatever the thread timing.
public final class TrainableResNetV2 {
    public let architecture: ResNetV2Architecture
    public let headClasses: Int
    /// Every parameter, in checkpoint order (root, blocks, final norm, head).
    public let parameters: [TrainableParameter]
    /// Opt-in per-operation timing of forward and backward passes (disabled by default).
    public let timer = TrainingTimer()

    private let byKey: [String: TrainableParameter]
    private let root: TrainableStandardizedConv
    private let units: [TrainableBottleneckUnit]
    private let finalNorm: TrainableNormReLU
    private let headKernel: TrainableParameter
    private let headBias: TrainableParameter
    private let buffers = TrainingBuffers()
    private var tape: Tape?

    /// What the forward pass leaves for the backward pass outside the units.
    private struct Tape {
        var images: FeatureShape
        var rootOutput: FeatureShape
        var pooled: FeatureShape
        var final: FeatureShape
        var finalInput: UnsafePointer<Float>
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
            ModelParameter(key: spec.key, shape: spec.shape, role: spec.role, value: arrays[spec.key]!.scalars)
        }
        let byKey = Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, $0) })
        self.byKey = byKey
        root = TrainableStandardizedConv(kernel: byKey[BiTCheckpoint.rootKernelKey]!, stride: 2, padding: 3)
        units = architecture.units.map { TrainableBottleneckUnit($0, groups: architecture.groups) { byKey[$0]! } }
        finalNorm = TrainableNormReLU(gamma: byKey[BiTCheckpoint.finalGammaKey]!,
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
    public subscript(key: String) -> TrainableParameter? { byKey[key] }

    /// The number of trained values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The parameters as arrays under the official keys (for `NumPyArchive.write` and
    /// `ResNetV2(parameters:)`).
    public func parameterArrays() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.key, Tensor(shape: $0.shape, scalars: $0.value)) })
    }

    /// The inference model with these parameters; the architecture must have 32 groups
    /// and root channels a multiple of 32 (`ResNetV2Architecture.resNetV2Config`).
    public func inferenceModel() throws -> ResNetV2 {
        guard let config = architecture.resNetV2Config else {
            throw CheckpointError.invalidConfiguration(
                "the inference ResNetV2 takes root channels in multiples of 32 with 32 groups, not \(architecture)",
                source: "trainable model")
        }
        return try ResNetV2(parameters: parameterArrays(), config: config, source: "trainable model")
    }

    /// The pre-logits and logits of a forward pass.
    public struct Output {
        /// [N, F].
        public var features: [Float]
        /// [N, classes].
        public var logits: [Float]
    }

    /// The forward pass of images [N, H, W, 3] with values in [0, 1], keeping what
    /// `backward` needs.
    public func forward(_ images: Tensor) -> Output {
        precondition(images.rank == 4 && images.shape[3] == 3 && images.shape[0] > 0,
                     "images must be [N, H, W, 3] with N > 0, got \(images.shape)")
        return images.scalars.withUnsafeBufferPointer {
            forward(images: $0.baseAddress!, batch: images.shape[0], height: images.shape[1], width: images.shape[2])
        }
    }

    /// The forward pass of `batch` images of `height`x`width`x3, NHWC, values in [0, 1].
    public func forward(images: UnsafePointer<Float>, batch: Int, height: Int, width: Int) -> Output {
        // Idle inference models give their activation memory to the training buffers.
        ResNetV2.releaseIdleWorkspaces()
        let scratch = buffers.scratch
        let imageShape = FeatureShape(batch: batch, height: height, width: width, channels: 3)
        // Root: [0, 1] → [-1, 1] (before padding, so padding stays zero as in the reference),
        // 7x7/2 conv pad 3, zero pad 1, 3x3/2 max pool. The mapped images are kept: the root's
        // kernel gradient reads them again.
        buffers.images.reserve(imageShape.count)
        buffers.images.pointer.update(from: images, count: imageShape.count)
        Elementwise.affine(buffers.images.pointer, count: imageShape.count, scale: 2, shift: -1)
        let rootShape = root.outputShape(imageShape)
        let pooledShape = FeatureShape(batch: batch, height: (rootShape.height + 2 - 3) / 2 + 1,
                                       width: (rootShape.width + 2 - 3) / 2 + 1, channels: rootShape.channels)
        let timer = self.timer.forward
        root.standardize(timer: timer)
        for unit in units { unit.convolutions.forEach { $0.standardize(timer: timer) } }
        buffers.rootOutput.reserve(rootShape.count)
        root.forward(buffers.images.pointer, shape: imageShape, transform: nil, into: buffers.rootOutput.pointer,
                     accumulate: false, scratch: scratch, timer: timer)
        buffers.pooled.reserve(pooledShape.count)
        buffers.argmax.reserve(pooledShape.count)
        timer.measure(.pooling) {
            Pooling.maxPool(input: buffers.rootOutput.pointer, batch: batch, height: rootShape.height,
                            width: rootShape.width, channels: rootShape.channels, window: 3, stride: 2, padding: 1,
                            output: buffers.pooled.pointer, argmax: buffers.argmax.pointer)
        }
        var map = UnsafePointer(buffers.pooled.pointer), shape = pooledShape
        for unit in units {
            shape = unit.forward(map, shape: shape, scratch: scratch, timer: timer)
            map = UnsafePointer(unit.output.pointer)
        }
        var features = [Float](repeating: 0, count: batch * shape.channels)
        var logits = [Float](repeating: 0, count: batch * headClasses)
        let normalize = finalNorm.forward(map, shape: shape, timer: timer)
        timer.measure(.pooling) {
            features.withUnsafeMutableBufferPointer { f in
                Pooling.globalAverage(input: map, samples: batch, pixels: shape.pixels, channels: shape.channels,
                                      transform: normalize, output: f.baseAddress!)
            }
        }
        timer.measure(.other) {
            features.withUnsafeBufferPointer { f in
                headKernel.value.withUnsafeBufferPointer { w in
                    headBias.value.withUnsafeBufferPointer { b in
                        logits.withUnsafeMutableBufferPointer { y in
                            Dense.forward(input: f.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!,
                                          rows: batch, inputs: shape.channels, outputs: headClasses,
                                          output: y.baseAddress!)
                        }
                    }
                }
            }
        }
        tape = Tape(images: imageShape, rootOutput: rootShape, pooled: pooledShape, final: shape, finalInput: map)
        buffers.features = features
        return Output(features: features, logits: logits)
    }

    /// The outputs without a backward pass to follow (evaluation; for a published
    /// width, `inferenceModel()` is faster and needs less memory).
    public func predict(_ images: Tensor) -> Output {
        defer { tape = nil }
        return forward(images)
    }

    /// Adds to every parameter's gradient its share of ∂L/∂logits ([N, classes]) through
    /// the last forward pass; call `zeroGradients` first unless accumulating batches.
    public func backward(logitsGradient: [Float]) {
        guard let tape else { preconditionFailure("backward without a forward pass before it") }
        self.tape = nil
        let scratch = buffers.scratch, f = tape.final, timer = self.timer.backward
        precondition(logitsGradient.count == f.batch * headClasses,
                     "\(logitsGradient.count) logit gradients for \(f.batch)x\(headClasses)")
        var featureGradient = [Float](repeating: 0, count: f.batch * f.channels)
        let (dOut, dIn) = buffers.reserveGradients(wide: widestActivation(tape), middle: widestMiddle(tape))
        var gradient = dOut, spare = dIn
        timer.measure(.other) {
            logitsGradient.withUnsafeBufferPointer { g in
                buffers.features.withUnsafeBufferPointer { x in
                    headKernel.value.withUnsafeBufferPointer { w in
                        featureGradient.withUnsafeMutableBufferPointer { dx in
                            headKernel.withGradient { dw in
                                headBias.withGradient { db in
                                    Dense.backward(outputGradient: g.baseAddress!, input: x.baseAddress!,
                                                   weight: w.baseAddress!, rows: f.batch, inputs: f.channels,
                                                   outputs: headClasses, weightGradient: dw, biasGradient: db,
                                                   inputGradient: dx.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
        timer.measure(.pooling) {
            featureGradient.withUnsafeBufferPointer { df in
                Pooling.globalAverageBackward(outputGradient: df.baseAddress!, samples: f.batch, pixels: f.pixels,
                                              channels: f.channels, inputGradient: gradient)
            }
        }
        finalNorm.backward(tape.finalInput, shape: f, outputGradient: gradient, inputGradient: gradient, timer: timer)
        for index in units.indices.reversed() {
            let input = index == 0 ? UnsafePointer(buffers.pooled.pointer) : UnsafePointer(units[index - 1].output.pointer)
            units[index].backward(input, outputGradient: gradient, inputGradient: spare, middle: buffers.middleGradient,
                                  narrow: buffers.narrowGradient, scratch: scratch, timer: timer)
            swap(&gradient, &spare)
        }
        let r = tape.rootOutput
        buffers.rootGradient.reserve(r.count)
        timer.measure(.pooling) {
            Pooling.maxPoolBackward(outputGradient: gradient, argmax: buffers.argmax.pointer, batch: r.batch,
                                    outputsPerSample: tape.pooled.pixels * r.channels,
                                    inputsPerSample: r.pixels * r.channels, inputGradient: buffers.rootGradient.pointer)
        }
        // The images are not trained: the root's input gradient is not computed.
        root.backward(buffers.images.pointer, shape: tape.images, transform: nil,
                      outputGradient: buffers.rootGradient.pointer, inputGradient: nil, scratch: scratch, timer: timer)
    }

    /// The largest activation a unit reads or writes (for the gradient buffers).
    private func widestActivation(_ tape: Tape) -> Int {
        units.reduce(tape.pooled.count) { max($0, $1.output.capacity) }
    }

    private func widestMiddle(_ tape: Tape) -> Int {
        units.reduce(0) { max($0, $1.a.capacity, $1.b.capacity) }
    }

    /// Frees what the last forward pass kept for a backward pass and the buffers kept
    /// between steps.
    public func releaseTape() {
        tape = nil
        units.forEach { $0.release() }
        buffers.release()
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
        public var logits: [Float]
    }

    /// Zeroes the gradients, runs forward and backward on labelled images, and returns
    /// the mean softmax cross-entropy; the gradients are then those of that loss.
    @discardableResult
    public func lossAndGradients(_ images: Tensor, labels: [Int]) -> BatchResult {
        precondition(images.rank == 4 && labels.count == images.shape[0], "\(labels.count) labels for \(images.shape)")
        return lossAndGradients(images) { SoftmaxCrossEntropy.lossAndGradient(logits: $0, labels: labels) }
    }

    /// As `lossAndGradients(_:labels:)`, for target distributions [N, classes] (MixUp).
    @discardableResult
    public func lossAndGradients(_ images: Tensor, targets: [Float]) -> BatchResult {
        precondition(images.rank == 4 && targets.count == images.shape[0] * headClasses,
                     "\(targets.count) targets for \(images.shape[0])x\(headClasses)")
        return lossAndGradients(images) {
            SoftmaxCrossEntropy.lossAndGradient(logits: $0, targets: targets, rows: images.shape[0])
        }
    }

    private func lossAndGradients(_ images: Tensor, loss: ([Float]) -> (loss: Double, gradient: [Float])) -> BatchResult {
        zeroGradients()
        let output = forward(images)
        let result = loss(output.logits)
        backward(logitsGradient: result.gradient)
        return BatchResult(loss: result.loss, logits: output.logits)
    }

    /// One training step on a batch: loss and gradients, then `optimizer`'s update of every
    /// parameter (the optimizer owns its state, e.g. SGD's velocities; see `SGD`).
    @discardableResult
    public func trainStep(images: Tensor, labels: [Int], learningRate: Float, optimizer: SGD) -> BatchResult {
        let result = lossAndGradients(images, labels: labels)
        timer.backward.measure(.optimizer) { optimizer.update(parameters, learningRate: learningRate) }
        return result
    }
}

extension TrainableResNetV2 {
    /// A model from a BiT `.npz` checkpoint file; a checkpoint without a head gets a zero
    /// head of `headClasses` classes (nil: the checkpoint's own head is required).
    public convenience init(checkpoint url: URL, headClasses: Int? = nil) throws {
        let (arrays, config) = try BiTCheckpoint.readArrays(from: url)
        let architecture = ResNetV2Architecture(config)
        if let classes = arrays[BiTCheckpoint.headKernelKey]?.shape.last {
            try self.init(architecture: architecture, headClasses: classes, parameters: arrays, source: url.path)
        } else {
            let classes = headClasses ?? 0
            try self.init(architecture: architecture, headClasses: classes,
                          parameters: architecture.replacingHead(of: arrays, classes: classes), source: url.path)
        }
    }
}
