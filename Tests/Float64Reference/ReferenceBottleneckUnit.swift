import Tensors
import BiT

// Shape legend: input [N, H, W, Cin] → output [N, H/s, W/s, Cout]; middle width Cmid.

/// BiT's pre-activation bottleneck unit for training (the semantics of `BottleneckUnit`):
/// with p = ReLU(GN_a(x)), shortcut = proj(p) when the unit has a projection, else x;
/// y = conv_a(p); y = conv_b(ReLU(GN_b(y))); y = conv_c(ReLU(GN_c(y))); output = y + shortcut.
final class ReferenceBottleneckUnit<Scalar: ReferenceScalar> {
    let normA: ReferenceNormReLU<Scalar>
    let convA: ReferenceStandardizedConv<Scalar>
    let normB: ReferenceNormReLU<Scalar>
    let convB: ReferenceStandardizedConv<Scalar>
    let normC: ReferenceNormReLU<Scalar>
    let convC: ReferenceStandardizedConv<Scalar>
    let projection: ReferenceStandardizedConv<Scalar>?

    /// The unit whose parameters have keys starting with `prefix` (e.g. "resnet/block1/unit01/").
    init(prefix: String, stride: Int, groups: Int, parameter: (String) -> ReferenceParameter<Scalar>,
         hasProjection: Bool) {
        func norm(_ name: String) -> ReferenceNormReLU<Scalar> {
            ReferenceNormReLU(gamma: parameter(prefix + name + "/group_norm/gamma"),
                              beta: parameter(prefix + name + "/group_norm/beta"), groups: groups)
        }
        normA = norm("a")
        convA = ReferenceStandardizedConv(kernel: parameter(prefix + "a/standardized_conv2d/kernel"))
        normB = norm("b")
        convB = ReferenceStandardizedConv(kernel: parameter(prefix + "b/standardized_conv2d/kernel"),
                                          stride: stride, padding: 1)
        normC = norm("c")
        convC = ReferenceStandardizedConv(kernel: parameter(prefix + "c/standardized_conv2d/kernel"))
        projection = hasProjection
            ? ReferenceStandardizedConv(kernel: parameter(prefix + "a/proj/standardized_conv2d/kernel"), stride: stride)
            : nil
    }

    func forward(_ x: [Scalar], shape: FeatureShape) -> (output: [Scalar], shape: FeatureShape) {
        let p = normA.forward(x, shape: shape)
        let a = convA.forward(p, shape: shape)
        let b = convB.forward(normB.forward(a.output, shape: a.shape), shape: a.shape)
        let c = convC.forward(normC.forward(b.output, shape: b.shape), shape: b.shape)
        let shortcut = projection.map { $0.forward(p, shape: shape).output } ?? x
        return (ReferenceResidualAdd.forward(c.output, shortcut), c.shape)
    }

    /// Accumulates the gradients of the unit's parameters; returns ∂L/∂x.
    func backward(_ outputGradient: [Scalar]) -> [Scalar] {
        let (residual, shortcut) = ReferenceResidualAdd.backward(outputGradient: outputGradient)
        var gradient = convC.backward(residual)!
        gradient = convB.backward(normC.backward(gradient))!
        var p = convA.backward(normB.backward(gradient))!
        guard let projection else {
            // The shortcut is x itself: its gradient joins the one through GN_a.
            var input = normA.backward(p)
            ReferenceArithmetic.accumulate(shortcut, into: &input)
            return input
        }
        ReferenceArithmetic.accumulate(projection.backward(shortcut)!, into: &p)
        return normA.backward(p)
    }

    func release() {
        [normA, normB, normC].forEach { $0.release() }
        [convA, convB, convC].forEach { $0.release() }
        projection?.release()
    }
}
