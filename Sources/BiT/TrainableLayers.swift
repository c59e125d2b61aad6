import Tensors

// Shape legend: activations [N, H, W, C] (NHWC) in `FloatBuffer`s with a `FeatureShape`;
// kernels [KH, KW, I, O] (HWIO), read as [K, O] with K = KH·KW·I.

/// A trainable model's parameter tensor (the engine's `ModelParameter`: key, shape, role, value, gradient).
public typealias TrainableParameter = ModelParameter

/// The extent of an NHWC activation.
struct FeatureShape: Equatable {
    var batch: Int
    var height: Int
    var width: Int
    var channels: Int

    var pixels: Int { height * width }
    var count: Int { batch * height * width * channels }
}

/// A weight-standardized convolution whose raw kernel is trained. Each forward pass
/// standardizes the kernel afresh (the standardization is part of the graph, so its
/// backward pass reaches the raw kernel); the input is read through an optional
/// transform (the GroupNorm + ReLU before it), which is never materialized.
final class TrainableStandardizedConv {
    let kernel: TrainableParameter
    let stride: Int
    let padding: Int
    /// ŵ of the current step, [K, O].
    private let standardized = FloatBuffer()
    /// r per output channel of the current step.
    private var inverseDeviations: [Float] = []
    /// ∂L/∂ŵ of the last backward pass, [K, O].
    private let standardizedGradient = FloatBuffer()

    init(kernel: TrainableParameter, stride: Int = 1, padding: Int = 0) {
        precondition(kernel.shape.count == 4, "\(kernel.key) is not an HWIO kernel: \(kernel.shape)")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    var outputChannels: Int { kernel.shape[3] }

    func geometry(_ input: FeatureShape) -> ConvolutionGeometry {
        let s = kernel.shape
        let g = ConvolutionGeometry(batch: input.batch, inputHeight: input.height, inputWidth: input.width,
                                    inputChannels: s[2], kernelHeight: s[0], kernelWidth: s[1],
                                    outputChannels: s[3], stride: stride, padding: padding)
        precondition(input.channels == s[2] && g.isValid, "\(kernel.key) \(s) cannot convolve \(input)")
        return g
    }

    func outputShape(_ input: FeatureShape) -> FeatureShape {
        let g = geometry(input)
        return FeatureShape(batch: input.batch, height: g.outputHeight, width: g.outputWidth, channels: outputChannels)
    }

    /// Standardizes the raw kernel for the coming forward and backward pass.
    func standardize(timer: OperationTimer) {
        timer.measure(.weightStandardization) { standardize() }
    }

    private func standardize() {
        standardized.reserve(kernel.count)
        kernel.value.withUnsafeBufferPointer { w in
            WeightStandardization.standardize(w.baseAddress!, count: kernel.count, outputs: outputChannels,
                                              into: standardized.pointer, inverseDeviations: &inverseDeviations)
        }
    }

    /// output (+)= conv(transform(input), ŵ).
    func forward(_ input: UnsafePointer<Float>, shape: FeatureShape, transform: ChannelTransform?,
                 into output: UnsafeMutablePointer<Float>, accumulate: Bool, scratch: ConvolutionScratch,
                 timer: OperationTimer) {
        let g = geometry(shape)
        timer.measure(.convolution) {
            Convolution.forward(input: input, kernel: standardized.pointer, output: output, geometry: g,
                                transform: transform, accumulate: accumulate, scratch: scratch)
        }
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
}

/// GroupNorm followed by ReLU (BiT's pre-activation), with trained gamma and beta.
/// Its forward pass yields the transform its consumer applies on the fly; its backward
/// pass recomputes x̂ and the ReLU mask from the stored input and statistics.
final class TrainableNormReLU {
    let gamma: TrainableParameter
    let beta: TrainableParameter
    let groups: Int
    private var statistics: GroupNormStatistics?

    init(gamma: TrainableParameter, beta: TrainableParameter, groups: Int) {
        precondition(gamma.count == beta.count, "\(gamma.key) and \(beta.key) differ in length")
        self.gamma = gamma
        self.beta = beta
        self.groups = groups
    }

    /// The transform ReLU(GroupNorm(·)) of `input`, from its statistics.
    func forward(_ input: UnsafePointer<Float>, shape: FeatureShape, timer: OperationTimer) -> ChannelTransform {
        precondition(shape.channels == gamma.count, "\(gamma.key) has \(gamma.count) channels, input \(shape)")
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
