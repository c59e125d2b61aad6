// Shape legend: input [N, H, W, Ci] (NHWC), kernel [KH, KW, Ci, Co] (HWIO),
// output [N, OH, OW, Co]; OH = (H + 2·pad - KH) / stride + 1 (likewise OW).

/// The sizes of one 2-D convolution: symmetric zero padding, equal strides.
public struct ConvolutionGeometry: Equatable, Sendable {
    public var batch: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var inputChannels: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var outputChannels: Int
    public var stride: Int
    public var padding: Int

    public init(batch: Int, inputHeight: Int, inputWidth: Int, inputChannels: Int,
                kernelHeight: Int, kernelWidth: Int, outputChannels: Int,
                stride: Int = 1, padding: Int = 0) {
        self.batch = batch
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputChannels = inputChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.outputChannels = outputChannels
        self.stride = stride
        self.padding = padding
    }

    public var outputHeight: Int { (inputHeight + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (inputWidth + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the GEMM: one per output pixel.
    public var outputPixels: Int { batch * outputHeight * outputWidth }
    /// Columns of the im2col matrix: one per kernel tap and input channel.
    public var patchLength: Int { kernelHeight * kernelWidth * inputChannels }
    /// Elements of the output.
    public var outputCount: Int { outputPixels * outputChannels }
    /// Multiply-adds of the convolution (padding taps included, as frameworks count them).
    public var multiplyAdds: Int { outputPixels * patchLength * outputChannels }

    /// Whether the input already is the GEMM's left matrix (1x1, stride 1, no padding).
    public var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Whether the sizes describe a convolution with at least one output pixel.
    public var isValid: Bool {
        batch >= 0 && inputChannels > 0 && outputChannels > 0 && kernelHeight > 0 && kernelWidth > 0
            && stride > 0 && padding >= 0 && inputHeight + 2 * padding >= kernelHeight
            && inputWidth + 2 * padding >= kernelWidth
    }
}

/// Per-worker scratch memory for convolutions (im2col tiles) and the kernel-gradient
/// partial sums of their backward passes, kept between calls.
public final class ConvolutionScratch: @unchecked Sendable {
    private var buffers: [FloatBuffer] = []
    private let partialSums = FloatBuffer()

    public init() {}

    /// The elements held by all buffers.
    public var capacity: Int { buffers.map(\.capacity).reduce(0, +) + partialSums.capacity }

    /// Makes sure there is one buffer per worker (call before going parallel).
    func prepare(workers: Int) {
        while buffers.count < workers { buffers.append(FloatBuffer()) }
    }

    func buffer(_ worker: Int, count: Int) -> UnsafeMutablePointer<Float> {
        buffers[worker].reserve(count)
        return buffers[worker].pointer
    }

    /// Room for `count` partial-sum elements (call before going parallel).
    func partials(count: Int) -> UnsafeMutablePointer<Float> {
        partialSums.reserve(count)
        return partialSums.pointer
    }

    /// Gives the memory back.
    public func release() {
        buffers.removeAll()
        partialSums.release()
    }
}
