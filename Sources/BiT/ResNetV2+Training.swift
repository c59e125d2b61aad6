import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F]; logits [N, classes].

/// Gradient passes: a forward pass that keeps what the backward pass needs (the model must
/// have a head), the backward pass to every parameter, and a training step.
extension ResNetV2 {
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
        precondition(headParameters != nil, "a gradient pass needs a head")
        // Idle workspaces of passes without a gradient (this model's too) give their memory to the
        // training buffers.
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
        convolutions.forEach { $0.standardize(timer: timer) }
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
                logits.withUnsafeMutableBufferPointer { y in headLogits(f.baseAddress!, rows: batch, into: y.baseAddress!) }
            }
        }
        tape = Tape(images: imageShape, rootOutput: rootShape, pooled: pooledShape, final: shape, finalInput: map)
        buffers.features = features
        return Output(features: features, logits: logits)
    }

    /// Adds to every parameter's gradient its share of ∂L/∂logits ([N, classes]) through
    /// the last forward pass; call `zeroGradients` first unless accumulating batches.
    public func backward(logitsGradient: [Float]) {
        guard let tape else { preconditionFailure("backward without a forward pass before it") }
        self.tape = nil
        guard let head = headParameters else { preconditionFailure("a gradient pass needs a head") }
        let (headKernel, headBias) = (head.kernel, head.bias)
        let scratch = buffers.scratch, f = tape.final, timer = self.timer.backward, headClasses = self.headClasses
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
