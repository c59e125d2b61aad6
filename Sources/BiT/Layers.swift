import Tensors

// Shape legend: activations [N, H, W, C] (NHWC); kernels [KH, KW, I, O] (HWIO), read as
// [K, O] with K = KH·KW·I.

/// The extent of an NHWC activation.
struct FeatureShape: Equatable {
    var batch: Int
    var height: Int
    var width: Int
    var channels: Int

    var pixels: Int { height * width }
    var count: Int { batch * height * width * channels }
}

/// A convolution with BiT's weight standardization and no bias, whose raw HWIO kernel is a
/// trained parameter.
///
/// The standardized kernel ŵ is kept between passes and derived again only when the raw
/// kernel has changed since (its `version`): a frozen backbone standardizes once, a trained
/// one after every update. Standardization is part of the graph, so the backward pass
/// reaches the raw kernel. The input is read through an optional transform (the
/// GroupNorm + ReLU before it), which is never materialized.
public final class StandardizedConv2D {
    /// The raw (unstandardized) kernel, as stored in checkpoints.
    public let kernel: ModelParameter
    public let stride: Int
    public let padding: Int
    /// ŵ, [K, O], and r per output channel, of the kernel's `standardizedVersion`.
    private let standardized = FloatBuffer()
    private var inverseDeviations: [Float] = []
    private var standardizedVersion: Int?
    /// ∂L/∂ŵ of the last backward pass, [K, O].
    private let standardizedGradient = FloatBuffer()

    init(kernel: ModelParameter, stride: Int = 1, padding: Int = 0) {
        precondition(kernel.shape.count == 4, "\(kernel.key) is not an HWIO kernel: \(kernel.shape)")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    public var inputChannels: Int { kernel.shape[2] }
    public var outputChannels: Int { kernel.shape[3] }

    /// The standardized kernel, [KH, KW, I, O].
    public var standardizedKernel: Tensor {
        standardize()
        return Tensor(shape: kernel.shape,
                      scalars: Array(UnsafeBufferPointer(start: standardized.pointer, count: kernel.count)))
    }

    /// The convolution of an NHWC tensor.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.convolved(with: standardizedKernel, stride: stride, padding: padding)
    }

    /// The geometry of this layer on an input of the given size.
    func geometry(batch: Int, height: Int, width: Int) -> ConvolutionGeometry {
        let s = kernel.shape
        return ConvolutionGeometry(batch: batch, inputHeight: height, inputWidth: width, inputChannels: s[2],
                                   kernelHeight: s[0], kernelWidth: s[1], outputChannels: s[3], stride: stride,
                                   padding: padding)
    }

    func geometry(_ input: FeatureShape) -> ConvolutionGeometry {
        let g = geometry(batch: input.batch, height: input.height, width: input.width)
        precondition(input.channels == inputChannels && g.isValid,
                     "\(kernel.key) \(kernel.shape) cannot convolve \(input)")
        return g
    }

    func outputShape(_ input: FeatureShape) -> FeatureShape {
        let g = geometry(input)
        return FeatureShape(batch: input.batch, height: g.outputHeight, width: g.outputWidth, channels: outputChannels)
    }

    /// Standardizes the raw kernel unless ŵ is already that of its current value.
    func standardize(timer: OperationTimer) {
        guard standardizedVersion != kernel.version else { return }
        timer.measure(.weightStandardization) { standardize() }
    }

    private func standardize() {
        guard standardizedVersion != kernel.version else { return }
        standardized.reserve(kernel.count)
        kernel.value.withUnsafeBufferPointer { w in
            WeightStandardization.standardize(w.baseAddress!, count: kernel.count, outputs: outputChannels,
                                              into: standardized.pointer, inverseDeviations: &inverseDeviations)
        }
        standardizedVersion = kernel.version
    }

    /// output (+)= conv(transform(input), ŵ), optionally gathering the output's moments
    /// (see `Convolution.forward`); `standardize` first.
    func forward(_ input: UnsafePointer<Float>, geometry: ConvolutionGeometry, transform: ChannelTransform?,
                 into output: UnsafeMutablePointer<Float>, accumulate: Bool, moments: ChannelMoments? = nil,
                 scratch: ConvolutionScratch, timer: OperationTimer) {
        timer.measure(.convolution) {
            Convolution.forward(input: input, kernel: standardized.pointer, output: output, geometry: geometry,
                                transform: transform, accumulate: accumulate, moments: moments, scratch: scratch)
        }
    }

    /// The same on an activation of `shape`.
    func forward(_ input: UnsafePointer<Float>, shape: FeatureShape, transform: ChannelTransform?,
                 into output: UnsafeMutablePointer<Float>, accumulate: Bool, scratch: ConvolutionScratch,
                 timer: OperationTimer) {
        forward(input, geometry: geometry(shape), transform: transform, into: output, accumulate: accumulate,
                scratch: scratch, timer: timer)
    }

    /// Adds ∂L/∂(raw kernel) to the parameter's gradient; writes (or adds, with
    /// `accumulateInput`) ∂L/∂transform(input) to `inputGradient` when given.
    func backward(_ input: UnsafePointer<Float>, shape: FeatureShape, transform: ChannelTransform?,
                  outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                  accumulateInput: Bool = false, scratch: ConvolutionScratch, timer: OperationTimer) {
        standardizedGradient.reserve(kernel.count)
        let g = geometry(shape)
        timer.measure(.convolution) {
            Convolution.backward(input: input, transform: transform, kernel: standardized.pointer,
                                 outputGradient: outputGradient, geometry: g,
                                 kernelGradient: standardizedGradient.pointer, inputGradient: inputGradient,
                                 accumulateInput: accumulateInput, scratch: scratch)
        }
        timer.measure(.weightStandardization) {
            kernel.withGradient { gradient in
                WeightStandardization.backward(gradient: standardizedGradient.pointer,
                                               standardized: standardized.pointer,
                                               inverseDeviations: inverseDeviations, count: kernel.count,
                                               addingTo: gradient)
            }
        }
    }

    /// Gives back the gradient pass's buffer (ŵ stays: passes without a gradient use it too).
    func releaseGradientBuffer() {
        standardizedGradient.release()
    }
}

/// GroupNorm (eps 1e-5) followed by ReLU, BiT's pre-activation, with trained gamma and beta.
/// Its consumer applies it on the fly as a `ChannelTransform`, made from moments gathered by
/// the producer (passes without a gradient) or from a pass over the input (gradient passes,
/// which keep the statistics: the backward pass recomputes x̂ and the ReLU mask from the
/// stored input and statistics).
public final class GroupNormReLU {
    public let gamma: ModelParameter
    public let beta: ModelParameter
    public let groups: Int
    public let epsilon: Float = 1e-5
    private var statistics: GroupNormStatistics?

    init(gamma: ModelParameter, beta: ModelParameter, groups: Int) {
        precondition(gamma.count == beta.count && gamma.count % groups == 0,
                     "GroupNorm of \(gamma.key) \(gamma.count)/\(beta.count) channels in \(groups) groups")
        self.gamma = gamma
        self.beta = beta
        self.groups = groups
    }

    public var channels: Int { gamma.count }

    /// ReLU(GroupNorm(x)) (or GroupNorm alone when `relu` is false).
    public func callAsFunction(_ input: Tensor, relu: Bool = true) -> Tensor {
        input.groupNormalized(groups: groups, epsilon: epsilon, gamma: gamma.value, beta: beta.value, relu: relu)
    }

    /// The normalization (with ReLU) of `input` as a transform its consumer applies; from
    /// `moments` when its producer gathered them, else from a pass over `input`. Nothing is
    /// kept for a backward pass.
    func transform(of input: UnsafePointer<Float>, samples: Int, pixels: Int,
                   moments: ChannelMoments? = nil) -> ChannelTransform {
        if let moments {
            return GroupNorm.transform(moments: moments, groups: groups, epsilon: epsilon,
                                       gamma: gamma.value, beta: beta.value, relu: true)
        }
        return GroupNorm.transform(of: input, samples: samples, pixels: pixels, channels: channels,
                                   groups: groups, epsilon: epsilon, gamma: gamma.value, beta: beta.value, relu: true)
    }

    /// The transform of `input` from its statistics, which are kept for `backward`.
    func forward(_ input: UnsafePointer<Float>, shape: FeatureShape, timer: OperationTimer) -> ChannelTransform {
        precondition(shape.channels == channels, "\(gamma.key) has \(channels) channels, input \(shape)")
        return timer.measure(.groupNorm) {
            let statistics = GroupNormStatistics(of: input, samples: shape.batch, pixels: shape.pixels,
                                                 channels: shape.channels, groups: groups)
            self.statistics = statistics
            return GroupNorm.transform(statistics: statistics, gamma: gamma.value, beta: beta.value, relu: true)
        }
    }

    /// Adds ∂L/∂γ and ∂L/∂β to the parameters' gradients; writes ∂L/∂x to
    /// `inputGradient` (which may be `outputGradient`).
    func backward(_ input: UnsafePointer<Float>, shape: FeatureShape, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>, timer: OperationTimer) {
        guard let statistics else { preconditionFailure("\(gamma.key): backward before forward") }
        timer.measure(.groupNorm) { gamma.withGradient { gammaGradient in
            beta.withGradient { betaGradient in
                GroupNorm.backward(input: input, statistics: statistics, gamma: gamma.value, beta: beta.value,
                                   relu: true, pixels: shape.pixels, outputGradient: outputGradient,
                                   inputGradient: inputGradient, gammaGradient: gammaGradient,
                                   betaGradient: betaGradient)
            }
        } }
    }
}
