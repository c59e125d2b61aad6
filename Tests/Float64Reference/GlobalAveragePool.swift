import Tensors
// Shape legend: input [N, P, C] (NHWC with P = H·W) → output [N, C].

/// Global average pooling for training: y[n, c] = mean over p of x[n, p, c];
/// ∂L/∂x[n, p, c] = ∂L/∂y[n, c] / P.
public enum ReferenceGlobalAveragePool {
    /// The mean over the pixels of each sample and channel.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(_ input: [T], samples: Int, pixels: Int, channels: Int) -> [T] {
        precondition(pixels > 0 && input.count == samples * pixels * channels,
                     "average pool of \(input.count) values as [\(samples), \(pixels), \(channels)]")
        var output = [T](repeating: 0, count: samples * channels)
        for sample in 0..<samples {
            var sums = [Double](repeating: 0, count: channels)
            for p in 0..<pixels {
                let row = (sample * pixels + p) * channels
                for c in 0..<channels { sums[c] += Double(input[row + c]) }
            }
            for c in 0..<channels { output[sample * channels + c] = T(sums[c] / Double(pixels)) }
        }
        return output
    }

    /// ∂L/∂x: each output's gradient spread evenly over its pixels.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], samples: Int, pixels: Int,
                                                     channels: Int) -> [T] {
        precondition(pixels > 0 && outputGradient.count == samples * channels,
                     "gradient of \(outputGradient.count) values for [\(samples), \(channels)]")
        var inputGrad = [T](repeating: 0, count: samples * pixels * channels)
        let share = 1 / T(pixels)
        for sample in 0..<samples {
            for p in 0..<pixels {
                let row = (sample * pixels + p) * channels
                for c in 0..<channels { inputGrad[row + c] = outputGradient[sample * channels + c] * share }
            }
        }
        return inputGrad
    }
}
