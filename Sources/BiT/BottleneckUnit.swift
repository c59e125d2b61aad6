import Tensors

// Shape legend: input [N, H, W, Cin] → output [N, H/s, W/s, Cout]; middle width Cmid.

/// BiT's pre-activation bottleneck unit (He et al. 2016, "Identity mappings"):
/// with p = ReLU(GN_a(x)),
///   shortcut = proj(p) when the unit has a projection, else x;
///   y = conv_a(p); y = conv_b(ReLU(GN_b(y))); y = conv_c(ReLU(GN_c(y)));
///   output = y + shortcut.
/// conv_a and conv_c are 1x1, conv_b is 3x3 with padding 1 and the unit's stride.
///
/// It runs two ways (see `infer` for the pass without a gradient). The gradient pass keeps
/// its convolutions' raw outputs (a, b and the output) for the backward pass; normalized
/// activations are never stored: each convolution reads its input through the
/// GroupNorm + ReLU transform, in the forward pass and again in the backward.
public final class BottleneckUnit {
    /// Block and unit (0-based).
    public let block: Int
    public let normA: GroupNormReLU
    public let convA: StandardizedConv2D
    public let normB: GroupNormReLU
    public let convB: StandardizedConv2D
    public let normC: GroupNormReLU
    public let convC: StandardizedConv2D
    /// 1x1 with the unit's stride; present where the stride or the width changes.
    public let projection: StandardizedConv2D?

    /// conv_a's and conv_b's outputs, and the unit's output, of the last gradient pass.
    let a = FloatBuffer(), b = FloatBuffer(), output = FloatBuffer()
    private var transforms: (a: ChannelTransform, b: ChannelTransform, c: ChannelTransform)?
    private var shapes: (input: FeatureShape, a: FeatureShape, b: FeatureShape)?

    /// The unit of `layout` with its parameters from `parameter` (by checkpoint key).
    init(_ layout: UnitLayout, groups: Int, parameter: (String) -> ModelParameter) {
        func norm(_ layer: String) -> GroupNormReLU {
            GroupNormReLU(gamma: parameter(layout.gammaKey(layer)), beta: parameter(layout.betaKey(layer)), groups: groups)
        }
        block = layout.block
        normA = norm("a")
        convA = StandardizedConv2D(kernel: parameter(layout.kernelKey("a")))
        normB = norm("b")
        convB = StandardizedConv2D(kernel: parameter(layout.kernelKey("b")), stride: layout.stride, padding: 1)
        normC = norm("c")
        convC = StandardizedConv2D(kernel: parameter(layout.kernelKey("c")))
        projection = layout.hasProjection
            ? StandardizedConv2D(kernel: parameter(layout.projectionKey), stride: layout.stride) : nil
    }

    public var stride: Int { convB.stride }
    public var inputChannels: Int { convA.inputChannels }
    public var outputChannels: Int { convC.outputChannels }

    var convolutions: [StandardizedConv2D] { [convA, convB, convC] + (projection.map { [$0] } ?? []) }

    /// The unit on `x`, keeping what `backward` needs; its output is left in `output`.
    func forward(_ x: UnsafePointer<Float>, shape: FeatureShape, scratch: ConvolutionScratch,
                 timer: OperationTimer) -> FeatureShape {
        let aShape = convA.outputShape(shape), bShape = convB.outputShape(aShape)
        let outShape = convC.outputShape(bShape)
        output.reserve(outShape.count)
        a.reserve(aShape.count)
        b.reserve(bShape.count)
        let p = normA.forward(x, shape: shape, timer: timer)
        if let projection {
            projection.forward(x, shape: shape, transform: p, into: output.pointer, accumulate: false,
                               scratch: scratch, timer: timer)
        } else {
            timer.measure(.other) { output.pointer.update(from: x, count: shape.count) }
        }
        convA.forward(x, shape: shape, transform: p, into: a.pointer, accumulate: false, scratch: scratch,
                      timer: timer)
        let q = normB.forward(a.pointer, shape: aShape, timer: timer)
        convB.forward(a.pointer, shape: aShape, transform: q, into: b.pointer, accumulate: false, scratch: scratch,
                      timer: timer)
        let r = normC.forward(b.pointer, shape: bShape, timer: timer)
        // The residual add is GEMM's beta = 1: conv_c accumulates onto the shortcut.
        convC.forward(b.pointer, shape: bShape, transform: r, into: output.pointer, accumulate: true,
                      scratch: scratch, timer: timer)
        transforms = (p, q, r)
        shapes = (shape, aShape, bShape)
        return outShape
    }

    /// Accumulates the gradients of the unit's parameters from ∂L/∂output; writes ∂L/∂x
    /// to `inputGradient`. `x` is the input of the last forward pass; `middle` and
    /// `narrow` are scratch for the gradients of a and b.
    func backward(_ x: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>, middle: FloatBuffer, narrow: FloatBuffer,
                  scratch: ConvolutionScratch, timer: OperationTimer) {
        guard let transforms, let shapes else { preconditionFailure("backward before forward") }
        narrow.reserve(shapes.b.count)
        middle.reserve(shapes.a.count)
        let dB = narrow.pointer, dA = middle.pointer
        convC.backward(b.pointer, shape: shapes.b, transform: transforms.c, outputGradient: outputGradient,
                       inputGradient: dB, scratch: scratch, timer: timer)
        normC.backward(b.pointer, shape: shapes.b, outputGradient: dB, inputGradient: dB, timer: timer)
        convB.backward(a.pointer, shape: shapes.a, transform: transforms.b, outputGradient: dB,
                       inputGradient: dA, scratch: scratch, timer: timer)
        normB.backward(a.pointer, shape: shapes.a, outputGradient: dA, inputGradient: dA, timer: timer)
        // ∂L/∂p from conv_a, plus the projection's share when p feeds the shortcut.
        convA.backward(x, shape: shapes.input, transform: transforms.a, outputGradient: dA,
                       inputGradient: inputGradient, scratch: scratch, timer: timer)
        projection?.backward(x, shape: shapes.input, transform: transforms.a, outputGradient: outputGradient,
                             inputGradient: inputGradient, accumulateInput: true, scratch: scratch, timer: timer)
        normA.backward(x, shape: shapes.input, outputGradient: inputGradient, inputGradient: inputGradient,
                       timer: timer)
        if projection == nil {
            // The shortcut is x itself: its gradient joins the one through GN_a.
            timer.measure(.other) { Elementwise.add(outputGradient, into: inputGradient, count: shapes.input.count) }
        }
    }

    /// Gives back the gradient pass's activation memory.
    func release() {
        [a, b, output].forEach { $0.release() }
        convolutions.forEach { $0.releaseGradientBuffer() }
        transforms = nil
        shapes = nil
    }
}
