import Tensors

// Shape legend: images [N, H, W, 3]; root output [N, H/2, W/2, C]; pooled [N, H/4, W/4, C].

/// The buffers of a training step outside the units, kept from step to step so that the
/// hot loop allocates no activation memory.
final class TrainingBuffers {
    /// The step's images mapped to [-1, 1] (the root's kernel gradient reads them again).
    let images = FloatBuffer()
    /// The root convolution's output, and its gradient.
    let rootOutput = FloatBuffer(), rootGradient = FloatBuffer()
    /// The max pool's output (the first unit's input) and where each maximum came from.
    let pooled = FloatBuffer()
    let argmax = Int32Buffer()
    /// Gradients flowing between units (two, alternating), and within a unit.
    let wideGradients = [FloatBuffer(), FloatBuffer()]
    let middleGradient = FloatBuffer(), narrowGradient = FloatBuffer()
    /// The pre-logits of the last forward pass, [N, F].
    var features: [Float] = []
    /// im2col tiles and kernel-gradient partial sums.
    let scratch = ConvolutionScratch()

    /// The two alternating gradient buffers, with room for `wide` elements each, and the
    /// middle ones with room for `middle`.
    func reserveGradients(wide: Int, middle: Int) -> (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        wideGradients.forEach { $0.reserve(wide) }
        middleGradient.reserve(middle)
        narrowGradient.reserve(middle)
        return (wideGradients[0].pointer, wideGradients[1].pointer)
    }

    func release() {
        for buffer in [images, rootOutput, rootGradient, pooled, middleGradient, narrowGradient] + wideGradients {
            buffer.release()
        }
        argmax.release()
        features = []
        scratch.release()
    }
}

/// A growable buffer of 32-bit indices kept between uses.
final class Int32Buffer {
    private(set) var pointer = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    private(set) var capacity = 1

    func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = count
        pointer = .allocate(capacity: count)
    }

    func release() {
        pointer.deallocate()
        capacity = 1
        pointer = .allocate(capacity: 1)
    }

    deinit { pointer.deallocate() }
}
