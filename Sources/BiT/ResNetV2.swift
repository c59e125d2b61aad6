import Foundation
import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1] (NHWC); features [N, F], F = 2048·w;
// logits [N, classes].

/// BiT's ResNetV2 (Kolesnikov et al., "Big Transfer", 2020): a 7x7/2 weight-standardized
/// root convolution, zero pad 1 and a 3x3/2 max pool, blocks of pre-activation
/// bottleneck units, a final GroupNorm + ReLU, global average pooling, and a head.
///
/// A frozen feature extractor: kernels are standardized once at load time, and the
/// forward pass runs in buffers kept between calls (one forward at a time per model;
/// calls from several threads are serialized).
public final class ResNetV2 {
    public let config: ResNetV2Config
    public let root: StandardizedConv2D
    /// `blocks[b][u]` is unit u of block b (both 0-based).
    public let blocks: [[BottleneckUnit]]
    /// The GroupNorm before the final ReLU and pooling.
    public let finalNorm: GroupNormLayer
    /// The classifier: the checkpoint's own, or one set by `resetHead`.
    public private(set) var head: ClassifierHead?
    /// Opt-in per-operation timing of forward passes (disabled by default).
    public let timer = OperationTimer()

    private let workspace = ActivationWorkspace()
    private let lock = NSLock()

    /// A model from its layers; `ResNetV2(checkpoint:)` builds them from a checkpoint.
    public init(config: ResNetV2Config, root: StandardizedConv2D, blocks: [[BottleneckUnit]],
                finalNorm: GroupNormLayer, head: ClassifierHead?) {
        self.config = config
        self.root = root
        self.blocks = blocks
        self.finalNorm = finalNorm
        self.head = head
        WorkspaceRegistry.register(self)
    }

    /// The length of the pre-logits vector.
    public var featureCount: Int { finalNorm.channels }

    /// Replaces the head with a fresh (zero) one for `classCount` classes.
    public func resetHead(classCount: Int) {
        head = ClassifierHead(features: featureCount, classCount: classCount)
    }

    /// Installs a trained head (nil removes it); its input width must be `featureCount`.
    public func setHead(_ newHead: ClassifierHead?) {
        let inputs = newHead?.weight.shape[0] ?? featureCount
        precondition(inputs == featureCount, "head takes \(inputs) features, the backbone gives \(featureCount)")
        head = newHead
    }

    /// Pre-logits [N, F] of images [N, H, W, 3] with values in [0, 1].
    public func features(_ images: Tensor) -> Tensor {
        forward(images, observe: nil)
    }

    /// Head outputs [N, classes], or nil when the model has no head.
    public func logits(_ images: Tensor) -> Tensor? {
        guard let head else { return nil }
        let features = features(images)
        return timer.measure(.other) { head(features) }
    }

    /// The logits when the model has a head, otherwise the pre-logits.
    public func callAsFunction(_ images: Tensor) -> Tensor {
        logits(images) ?? features(images)
    }

    /// Gives back the memory kept between forward passes.
    public func releaseWorkspace() {
        lock.withLock { workspace.release() }
    }

    /// Gives back the workspace unless a forward pass is using it (then does nothing);
    /// returns the bytes given back.
    func releaseWorkspaceIfIdle() -> Int {
        guard lock.try() else { return 0 }
        defer { lock.unlock() }
        let bytes = workspace.residentBytes
        // An empty workspace holds a few one-element buffers: nothing worth reallocating.
        guard bytes > 1 << 20 else { return 0 }
        workspace.release()
        return bytes
    }

    /// Releases the workspaces of all inference models in the process that are not running a
    /// pass (a training step does this first; see `WorkspaceRegistry`); returns the bytes given back.
    @discardableResult
    public static func releaseIdleWorkspaces() -> Int {
        WorkspaceRegistry.releaseIdle()
    }

    /// Bytes of activation memory currently kept between forward passes.
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
        let features = forward(images) { stage, tensor in stages[stage] = tensor }
        return (stages, features)
    }

    private func forward(_ images: Tensor, observe: ((Stage, Tensor) -> Void)?) -> Tensor {
        precondition(images.rank == 4 && images.shape[3] == 3 && images.shape[0] > 0,
                     "images must be [N, H, W, 3] with N > 0, got \(images.shape)")
        return lock.withLock {
            var map = runRoot(images, observe: observe)
            for (b, units) in blocks.enumerated() {
                for unit in units { map = unit.forward(map, in: workspace, timer: timer) }
                if let observe { observe(.block(b + 1), map.tensor(in: workspace)) }
            }
            return pool(map)
        }
    }

    /// Root: map [0, 1] to [-1, 1] (before padding, so padding stays zero as in the
    /// reference), 7x7/2 conv pad 3, zero pad 1, 3x3/2 max pool.
    private func runRoot(_ images: Tensor, observe: ((Stage, Tensor) -> Void)?) -> FeatureMap {
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
        timer.measure(.convolution) {
            root.apply(signed.pointer, geometry: g, transform: nil, into: workspace.wide[1].pointer,
                       accumulate: false, scratch: workspace.scratch)
        }
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
    private func pool(_ map: FeatureMap) -> Tensor {
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
