import Tensors

// Shape legend: activations [N, H, W, C] (NHWC); kernels [KH, KW, I, O] (HWIO).

/// A convolution with BiT's weight standardization and no bias. The backbone is frozen,
/// so the kernel is standardized once, when the layer is made.
public final class StandardizedConv2D {
    /// The standardized HWIO kernel the layer multiplies with.
    public let kernel: Tensor
    public let stride: Int
    public let padding: Int

    /// A layer from an unstandardized HWIO kernel (as stored in checkpoints).
    public init(kernel raw: Tensor, stride: Int = 1, padding: Int = 0) {
        precondition(raw.rank == 4, "a convolution kernel is HWIO, got \(raw.shape)")
        kernel = WeightStandardization.standardized(raw)
        self.stride = stride
        self.padding = padding
    }

    public var inputChannels: Int { kernel.shape[2] }
    public var outputChannels: Int { kernel.shape[3] }

    /// The geometry of this layer on an input of the given size.
    public func geometry(batch: Int, height: Int, width: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(batch: batch, inputHeight: height, inputWidth: width,
                            inputChannels: inputChannels, kernelHeight: kernel.shape[0],
                            kernelWidth: kernel.shape[1], outputChannels: outputChannels,
                            stride: stride, padding: padding)
    }

    /// The convolution of an NHWC tensor.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.convolved(with: kernel, stride: stride, padding: padding)
    }

    /// output (+)= conv(transform(input)) on raw storage; see `Convolution.forward`.
    func apply(_ input: UnsafePointer<Float>, geometry: ConvolutionGeometry, transform: ChannelTransform?,
               into output: UnsafeMutablePointer<Float>, accumulate: Bool, moments: ChannelMoments? = nil,
               scratch: ConvolutionScratch) {
        kernel.scalars.withUnsafeBufferPointer { w in
            Convolution.forward(input: input, kernel: w.baseAddress!, output: output, geometry: geometry,
                                transform: transform, accumulate: accumulate, moments: moments, scratch: scratch)
        }
    }
}

/// GroupNorm with 32 groups and eps 1e-5, always followed by ReLU in BiT.
public final class GroupNormLayer {
    public let gamma: [Float]
    public let beta: [Float]
    public let groups: Int
    public let epsilon: Float

    public init(gamma: [Float], beta: [Float], groups: Int = 32, epsilon: Float = 1e-5) {
        precondition(gamma.count == beta.count && gamma.count % groups == 0,
                     "GroupNorm of \(gamma.count)/\(beta.count) channels in \(groups) groups")
        self.gamma = gamma
        self.beta = beta
        self.groups = groups
        self.epsilon = epsilon
    }

    public var channels: Int { gamma.count }

    /// ReLU(GroupNorm(x)) (or GroupNorm alone when `relu` is false).
    public func callAsFunction(_ input: Tensor, relu: Bool = true) -> Tensor {
        input.groupNormalized(groups: groups, epsilon: epsilon, gamma: gamma, beta: beta, relu: relu)
    }

    /// The normalization (with ReLU) of `input` as a transform its consumer applies;
    /// from `moments` when its producer gathered them, else from a pass over `input`.
    func transform(of input: UnsafePointer<Float>, samples: Int, pixels: Int,
                   moments: ChannelMoments? = nil) -> ChannelTransform {
        if let moments {
            return GroupNorm.transform(moments: moments, groups: groups, epsilon: epsilon,
                                       gamma: gamma, beta: beta, relu: true)
        }
        return GroupNorm.transform(of: input, samples: samples, pixels: pixels, channels: channels,
                                   groups: groups, epsilon: epsilon, gamma: gamma, beta: beta, relu: true)
    }
}

/// The checkpoint's classifier: a 1x1 convolution on the pooled features, i.e. a dense
/// layer (not standardized).
public final class ClassifierHead {
    /// [features, classes].
    public let weight: Tensor
    /// [classes].
    public let bias: Tensor

    public init(weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[1]],
                     "head weight \(weight.shape) and bias \(bias.shape)")
        self.weight = weight
        self.bias = bias
    }

    /// A fresh head for `classCount` classes: zero weights and biases, as BiT's
    /// fine-tuning recipe initializes its new head.
    public convenience init(features: Int, classCount: Int) {
        self.init(weight: Tensor(zeros: [features, classCount]), bias: Tensor(zeros: [classCount]))
    }

    public var classCount: Int { weight.shape[1] }

    /// Logits [N, classes] of pre-logits [N, features].
    public func callAsFunction(_ features: Tensor) -> Tensor {
        features.dense(weight: weight, bias: bias)
    }
}
