import Tensors
// Shape legend: input [N, H, W, C] (NHWC) → output [N, H + 2p, W + 2p, C].

/// Symmetric zero padding for training (BiT pads the root convolution's output by 1
/// before its max pool). The backward pass crops: the padding has no inputs.
public enum ReferenceZeroPad {
    /// The input with `padding` rows and columns of zeros on all four sides.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(_ input: [T], batch: Int, height: Int, width: Int,
                                                    channels: Int, padding: Int) -> [T] {
        precondition(padding >= 0 && input.count == batch * height * width * channels,
                     "padding \(padding) of \(input.count) values as [\(batch), \(height), \(width), \(channels)]")
        let (ph, pw) = (height + 2 * padding, width + 2 * padding)
        var output = [T](repeating: 0, count: batch * ph * pw * channels)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                copyRows(batch: batch, height: height, width: width, channels: channels, padding: padding) { inner, outer in
                    (y.baseAddress! + outer).update(from: x.baseAddress! + inner, count: width * channels)
                }
            }
        }
        return output
    }

    /// ∂L/∂x: the interior of ∂L/∂y.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], batch: Int, height: Int, width: Int,
                                                     channels: Int, padding: Int) -> [T] {
        let (ph, pw) = (height + 2 * padding, width + 2 * padding)
        precondition(outputGradient.count == batch * ph * pw * channels,
                     "gradient of \(outputGradient.count) values for [\(batch), \(ph), \(pw), \(channels)]")
        var inputGrad = [T](repeating: 0, count: batch * height * width * channels)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGrad.withUnsafeMutableBufferPointer { dx in
                copyRows(batch: batch, height: height, width: width, channels: channels, padding: padding) { inner, outer in
                    (dx.baseAddress! + inner).update(from: dy.baseAddress! + outer, count: width * channels)
                }
            }
        }
        return inputGrad
    }

    /// Calls `body(innerOffset, outerOffset)` for each input row: where it starts in
    /// the unpadded and in the padded tensor.
    private static func copyRows(batch: Int, height: Int, width: Int, channels: Int, padding: Int,
                                 _ body: (Int, Int) -> Void) {
        let pw = width + 2 * padding, ph = height + 2 * padding
        for sample in 0..<batch {
            for y in 0..<height {
                body((sample * height + y) * width * channels,
                     ((sample * ph + y + padding) * pw + padding) * channels)
            }
        }
    }
}
