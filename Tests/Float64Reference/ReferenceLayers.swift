import Tensors
import BiT

// Shape legend: activations [N, H, W, C] (NHWC) as flat arrays with a `FeatureShape`;
// kernels [KH, KW, I, O] (HWIO).

/// One parameter tensor of a trainable model: its official checkpoint key, its value,
/// the gradient accumulated by backward passes, and its SGD velocity.
public final class ReferenceParameter<Scalar: ReferenceScalar> {
    public let key: String
    public let shape: [Int]
    public var value: [Scalar]
    /// ∂L/∂value, summed over the backward passes since the last `zeroGradient`.
    public var gradient: [Scalar]
    /// SGD momentum state (Keras: v ← m·v − lr·g).
    public var velocity: [Scalar]

    public init(key: String, shape: [Int], value: [Scalar]) {
        precondition(value.count == shape.reduce(1, *), "\(key): \(value.count) values for shape \(shape)")
        self.key = key
        self.shape = shape
        self.value = value
        gradient = [Scalar](repeating: 0, count: value.count)
        velocity = gradient
    }

    public var count: Int { value.count }

    public func zeroGradient() {
        ReferenceArithmetic.zero(&gradient)
    }

    func accumulate(_ delta: [Scalar]) {
        ReferenceArithmetic.accumulate(delta, into: &gradient)
    }
}

/// The extent of an NHWC activation.
struct FeatureShape: Equatable {
    var batch: Int
    var height: Int
    var width: Int
    var channels: Int

    var pixels: Int { height * width }
    var count: Int { batch * height * width * channels }
}

/// A weight-standardized convolution whose raw kernel is trained; keeps what its
/// backward pass needs from the last forward pass.
final class ReferenceStandardizedConv<Scalar: ReferenceScalar> {
    let kernel: ReferenceParameter<Scalar>
    let stride: Int
    let padding: Int
    private var input: [Scalar] = []
    private var geometry: ConvolutionGeometry?
    private var standardization: ReferenceWeightStandardization.Cache<Scalar>?

    init(kernel: ReferenceParameter<Scalar>, stride: Int = 1, padding: Int = 0) {
        precondition(kernel.shape.count == 4, "\(kernel.key) is not an HWIO kernel: \(kernel.shape)")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    func forward(_ x: [Scalar], shape: FeatureShape) -> (output: [Scalar], shape: FeatureShape) {
        let s = kernel.shape
        let g = ConvolutionGeometry(batch: shape.batch, inputHeight: shape.height, inputWidth: shape.width,
                                    inputChannels: s[2], kernelHeight: s[0], kernelWidth: s[1],
                                    outputChannels: s[3], stride: stride, padding: padding)
        precondition(shape.channels == s[2] && g.isValid, "\(kernel.key) \(s) cannot convolve \(shape)")
        let standardized = ReferenceWeightStandardization.forward(kernel: kernel.value, outputs: s[3])
        (input, geometry, standardization) = (x, g, standardized)
        let y = ReferenceConvolution.forward(input: x, kernel: standardized.standardized, geometry: g)
        return (y, FeatureShape(batch: g.batch, height: g.outputHeight, width: g.outputWidth, channels: s[3]))
    }

    /// Adds ∂L/∂(raw kernel) to the parameter's gradient; returns ∂L/∂x when asked.
    func backward(_ outputGradient: [Scalar], inputGradient: Bool = true) -> [Scalar]? {
        guard let geometry, let standardization else { preconditionFailure("\(kernel.key): backward before forward") }
        let grads = ReferenceConvolution.backward(outputGradient: outputGradient, input: input,
                                                  kernel: standardization.standardized, geometry: geometry,
                                                  inputGradient: inputGradient)
        kernel.accumulate(ReferenceWeightStandardization.backward(gradient: grads.kernel, cache: standardization))
        release()
        return grads.input
    }

    func release() {
        input = []
        geometry = nil
        standardization = nil
    }
}

/// GroupNorm followed by ReLU (BiT's pre-activation), with trained gamma and beta.
final class ReferenceNormReLU<Scalar: ReferenceScalar> {
    let gamma: ReferenceParameter<Scalar>
    let beta: ReferenceParameter<Scalar>
    let groups: Int
    private var cache: ReferenceGroupNorm.Cache<Scalar>?
    private var output: [Scalar] = []

    init(gamma: ReferenceParameter<Scalar>, beta: ReferenceParameter<Scalar>, groups: Int) {
        precondition(gamma.count == beta.count, "\(gamma.key) and \(beta.key) differ in length")
        self.gamma = gamma
        self.beta = beta
        self.groups = groups
    }

    func forward(_ x: [Scalar], shape: FeatureShape) -> [Scalar] {
        precondition(shape.channels == gamma.count, "\(gamma.key) has \(gamma.count) channels, input \(shape)")
        let normalized = ReferenceGroupNorm.forward(
            input: x, shape: .init(samples: shape.batch, pixels: shape.pixels, channels: shape.channels, groups: groups),
            gamma: gamma.value, beta: beta.value)
        cache = normalized.cache
        output = ReferenceReLU.forward(normalized.output)
        return output
    }

    /// Adds ∂L/∂γ and ∂L/∂β to the parameters' gradients; returns ∂L/∂x.
    func backward(_ outputGradient: [Scalar]) -> [Scalar] {
        guard let cache else { preconditionFailure("\(gamma.key): backward before forward") }
        let beforeReLU = ReferenceReLU.backward(outputGradient: outputGradient, output: output)
        let grads = ReferenceGroupNorm.backward(outputGradient: beforeReLU, cache: cache, gamma: gamma.value)
        gamma.accumulate(grads.gamma)
        beta.accumulate(grads.beta)
        release()
        return grads.input
    }

    func release() {
        cache = nil
        output = []
    }
}
