import Tensors
// Shape legend: input [N, H, W, C] (NHWC) → output [N, OH, OW, C],
// OH = (H − window) / stride + 1 (likewise OW); no padding (BiT zero-pads explicitly first).

/// Max pooling for training: each output is the maximum of its window; the gradient
/// goes to the input position that held it. On ties the first position in the window
/// (row-major: top row first, then left to right) wins, so the gradient is not split.
public enum ReferenceMaxPool {
    /// The pooled values and, per output, the flat index into the input of its maximum.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(_ input: [T], batch: Int, height: Int, width: Int,
                                                    channels: Int, window: Int, stride: Int)
        -> (output: [T], argmax: [Int32]) {
        precondition(input.count == batch * height * width * channels && window > 0 && stride > 0
                        && height >= window && width >= window,
                     "max pool \(window)x\(window)/\(stride) of \(input.count) values as [\(batch), \(height), \(width), \(channels)]")
        precondition(input.count < Int(Int32.max), "max pool input too large for 32-bit indices")
        let oh = (height - window) / stride + 1, ow = (width - window) / stride + 1
        var output = [T](repeating: 0, count: batch * oh * ow * channels)
        var argmax = [Int32](repeating: 0, count: output.count)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                argmax.withUnsafeMutableBufferPointer { best in
                    let x = x.baseAddress!, y = y.baseAddress!, best = best.baseAddress!
                    ComputeThreads.forEachTile(batch * oh) { line, _ in
                        let sample = line / oh, outY = line % oh
                        for outX in 0..<ow {
                            // Channels innermost: every window pixel is one contiguous run.
                            let out = ((sample * oh + outY) * ow + outX) * channels
                            let corner = ((sample * height + outY * stride) * width + outX * stride) * channels
                            let maxima = y + out, indices = best + out
                            for c in 0..<channels {
                                maxima[c] = x[corner + c]
                                indices[c] = Int32(truncatingIfNeeded: corner &+ c)
                            }
                            for ky in 0..<window {
                                for kx in 0..<window where ky > 0 || kx > 0 {
                                    let pixel = corner + (ky * width + kx) * channels, values = x + pixel
                                    // Strictly greater: on ties the earlier position keeps the gradient.
                                    // (Loads before selects, no overflow checks: the loop can vectorize.)
                                    for c in 0..<channels {
                                        let value = values[c], current = maxima[c], index = indices[c]
                                        let better = value > current
                                        maxima[c] = better ? value : current
                                        indices[c] = better ? Int32(truncatingIfNeeded: pixel &+ c) : index
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (output, argmax)
    }

    /// ∂L/∂x: each output's gradient added at its argmax (overlapping windows add up).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], argmax: [Int32], inputCount: Int) -> [T] {
        precondition(outputGradient.count == argmax.count,
                     "gradient of \(outputGradient.count) values for \(argmax.count) outputs")
        var inputGrad = [T](repeating: 0, count: inputCount)
        for (i, index) in argmax.enumerated() { inputGrad[Int(index)] += outputGradient[i] }
        return inputGrad
    }
}
