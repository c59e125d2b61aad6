import Tensors

// Shape legend: feature maps [N, H, W, C] (NHWC) stored in workspace slots.

/// The memory a forward pass runs in, kept between calls.
///
/// A pre-activation ResNet needs only four activation buffers at a time: two wide ones
/// that alternate as block input and output (the residual add is folded into the last
/// GEMM of a unit, so a unit's output overwrites its input in place unless it has a
/// projection), and two narrow ones for the unit's middle activations. Normalized
/// copies are never kept (see `BottleneckUnit.forward`). Peak memory for R50x1 at batch 64
/// and 384x384 is therefore about 2 x 604 MB + 302 MB + 151 MB (1.6 GB measured).
final class ActivationWorkspace {
    /// The alternating block inputs/outputs.
    let wide = [FloatBuffer(), FloatBuffer()]
    /// A unit's first convolution output (before its 3x3); the signed images in the root.
    let middle = FloatBuffer()
    /// A unit's 3x3 output (before its last 1x1).
    let narrow = FloatBuffer()
    /// im2col tiles, one per worker.
    let scratch = ConvolutionScratch()

    /// Bytes held by all buffers.
    var residentBytes: Int {
        (wide[0].capacity + wide[1].capacity + middle.capacity + narrow.capacity + scratch.capacity)
            * MemoryLayout<Float>.stride
    }

    /// Gives every buffer's memory back.
    func release() {
        for buffer in wide + [middle, narrow] { buffer.release() }
        scratch.release()
    }
}

/// A feature map living in one of the workspace's wide slots.
struct FeatureMap {
    var slot: Int
    var batch: Int
    var height: Int
    var width: Int
    var channels: Int
    /// The map's per-channel statistics when its producer gathered them.
    var moments: ChannelMoments? = nil

    var pixelsPerSample: Int { height * width }
    var count: Int { batch * height * width * channels }
    var shape: [Int] { [batch, height, width, channels] }

    /// A copy of the map as a tensor.
    func tensor(in workspace: ActivationWorkspace) -> Tensor {
        let base = workspace.wide[slot].pointer
        return Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: base, count: count)))
    }

    /// Puts `tensor` ([N, H, W, C]) into `slot`.
    static func load(_ tensor: Tensor, slot: Int, in workspace: ActivationWorkspace) -> FeatureMap {
        let map = FeatureMap(slot: slot, batch: tensor.shape[0], height: tensor.shape[1],
                             width: tensor.shape[2], channels: tensor.shape[3])
        workspace.wide[slot].reserve(map.count)
        tensor.scalars.withUnsafeBufferPointer { source in
            workspace.wide[slot].pointer.update(from: source.baseAddress!, count: map.count)
        }
        return map
    }
}
