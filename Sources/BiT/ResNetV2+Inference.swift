import Foundation
import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F]; logits [N, classes].

/// Passes without a gradient: the fused inference strategy in the `ActivationWorkspace`.
extension ResNetV2 {
    /// Pre-logits [N, F] of images [N, H, W, 3] with values in [0, 1].
    public func features(_ images: Tensor) -> Tensor {
        infer(images, observe: nil)
    }

    /// Head outputs [N, classes], or nil when the model has no head.
    public func logits(_ images: Tensor) -> Tensor? {
        guard headParameters != nil else { return nil }
        let features = features(images)
        let rows = features.shape[0]
        var logits = Tensor(zeros: [rows, headClasses])
        timer.forward.measure(.other) {
            features.scalars.withUnsafeBufferPointer { x in
                logits.scalars.withUnsafeMutableBufferPointer { y in
                    headLogits(x.baseAddress!, rows: rows, into: y.baseAddress!)
                }
            }
        }
        return logits
    }

    /// The logits when the model has a head, otherwise the pre-logits.
    public func callAsFunction(_ images: Tensor) -> Tensor {
        logits(images) ?? features(images)
    }

    /// Gives back the memory kept between passes without a gradient.
    public func releaseWorkspace() {
        lock.withLock { workspace.release() }
    }

    /// Gives back the workspace unless a pass is using it (then does nothing); returns the
    /// bytes given back.
    func releaseWorkspaceIfIdle() -> Int {
        guard lock.try() else { return 0 }
        defer { lock.unlock() }
        let bytes = workspace.residentBytes
        // An empty workspace holds a few one-element buffers: nothing worth reallocating.
        guard bytes > 1 << 20 else { return 0 }
        workspace.release()
        return bytes
    }

    /// Releases the workspaces of all models in the process that are not running a pass
    /// without a gradient (a gradient pass does this first; see `WorkspaceRegistry`); returns
    /// the bytes given back.
    @discardableResult
    public static func releaseIdleWorkspaces() -> Int {
        WorkspaceRegistry.releaseIdle()
    }

    /// Bytes of activation memory currently kept between passes without a gradient.
    public var workspaceBytes: Int { lock.withLock { workspace.residentBytes } }

    /// A point of the forward pass whose activation `trace` reports.
    public enum Stage: Hashable, Sendable {
        /// The root convolution's output, before padding and pooling.
        case rootConvolution
        /// The root block's output (after the max pool).
        case root
        /// The output of block b (1-based, as in checkpoint keys), after its last residual add.
        case block(Int)
    }

    /// The activations at every stage plus the pre-logits, for inspection and tests
    /// (copies every stage's output, so it uses more memory than `features`).
    public func trace(_ images: Tensor) -> (stages: [Stage: Tensor], features: Tensor) {
        var stages: [Stage: Tensor] = [:]
        let features = infer(images) { stage, tensor in stages[stage] = tensor }
        return (stages, features)
    }

    private func infer(_ images: Tensor, observe: ((Stage, Tensor) -> Void)?) -> Tensor {
        precondition(images.rank == 4 && images.shape[3] == 3 && images.shape[0] > 0,
                     "images must be [N, H, W, 3] with N > 0, got \(images.shape)")
        return lock.withLock {
            let timer = self.timer.forward
            // Kernels changed since the last pass (an update, a loaded value) are standardized again.
            convolutions.forEach { $0.standardize(timer: timer) }
            var map = runRoot(images, observe: observe, timer: timer)
            for (b, units) in blocks.enumerated() {
                for unit in units { map = unit.infer(map, in: workspace, timer: timer) }
                if let observe { observe(.block(b + 1), map.tensor(in: workspace)) }
            }
            return pool(map, timer: timer)
        }
    }

    /// Root: map [0, 1] to [-1, 1] (before padding, so padding stays zero as in the
    /// reference), 7x7/2 conv pad 3, zero pad 1, 3x3/2 max pool.
    private func runRoot(_ images: Tensor, observe: ((Stage, Tensor) -> Void)?, timer: OperationTimer) -> FeatureMap {
        let (n, h, w) = (images.shape[0], images.shape[1], images.shape[2])
        let g = root.geometry(batch: n, height: h, width: w)
        precondition(g.isValid, "images of \(h)x\(w) are too small for the root convolution")
        let convolved = FeatureMap(slot: 1, batch: n, height: g.outputHeight, width: g.outputWidth,
                                   channels: g.outputChannels)
        // The signed images live in the (still unused) middle buffer.
        let signed = workspace.middle
        signed.reserve(images.count)
        timer.measure(.other) {
            images.scalars.withUnsafeBufferPointer { pixels in
                signed.pointer.update(from: pixels.baseAddress!, count: images.count)
            }
            Elementwise.affine(signed.pointer, count: images.count, scale: 2, shift: -1)
        }
        workspace.wide[1].reserve(convolved.count)
        root.forward(signed.pointer, geometry: g, transform: nil, into: workspace.wide[1].pointer,
                     accumulate: false, scratch: workspace.scratch, timer: timer)
        if let observe { observe(.rootConvolution, convolved.tensor(in: workspace)) }
        let pooled = FeatureMap(slot: 0, batch: n, height: (convolved.height + 2 - 3) / 2 + 1,
                                width: (convolved.width + 2 - 3) / 2 + 1, channels: convolved.channels)
        workspace.wide[0].reserve(pooled.count)
        timer.measure(.pooling) {
            Pooling.maxPool(input: workspace.wide[1].pointer, batch: n, height: convolved.height,
                            width: convolved.width, channels: convolved.channels, window: 3, stride: 2,
                            padding: 1, output: workspace.wide[0].pointer)
        }
        if let observe { observe(.root, pooled.tensor(in: workspace)) }
        return pooled
    }

    /// Final GroupNorm + ReLU, fused into the global average pool.
    private func pool(_ map: FeatureMap, timer: OperationTimer) -> Tensor {
        let base = workspace.wide[map.slot].pointer
        let normalize = timer.measure(.groupNorm) {
            finalNorm.transform(of: base, samples: map.batch, pixels: map.pixelsPerSample, moments: map.moments)
        }
        var features = Tensor(zeros: [map.batch, map.channels])
        timer.measure(.pooling) {
            features.scalars.withUnsafeMutableBufferPointer { out in
                Pooling.globalAverage(input: base, samples: map.batch, pixels: map.pixelsPerSample,
                                      channels: map.channels, transform: normalize, output: out.baseAddress!)
            }
        }
        return features
    }
}
