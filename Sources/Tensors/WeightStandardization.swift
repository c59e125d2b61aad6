// Shape legend: kernel [KH, KW, I, O] (HWIO), read as [E, O] with E = KH·KW·I entries
// per output channel o; statistics per o.

/// Weight standardization (Qiao et al., 2019), BiT's `StdConv2d`: for each output
/// channel o, over the E entries of the HWIO kernel, subtract the mean and divide by
/// r⁻¹ = √(biased variance + ε), ε = 1e-10:  ŵ = (w − μ)·r.
///
/// Its backward pass, with g = ∂L/∂ŵ and means over the E entries of a channel:
///   ∂L/∂w = r·(g − mean(g) − ŵ·mean(g·ŵ)).
///
/// Statistics run in Double whatever the storage: a float32 sum over thousands of
/// entries loses digits that the reference keeps.
public enum WeightStandardization {
    /// The standardized copy of an HWIO `kernel` (any rank ≥ 1; the last axis is O).
    public static func standardized(_ kernel: Tensor, epsilon: Double = 1e-10) -> Tensor {
        precondition(kernel.rank >= 1, "weight standardization of a scalar")
        let outputs = kernel.shape[kernel.rank - 1]
        guard outputs > 0, kernel.count > 0 else { return kernel }
        var result = kernel
        var inverse = [Float](repeating: 0, count: outputs)
        kernel.scalars.withUnsafeBufferPointer { w in
            result.scalars.withUnsafeMutableBufferPointer { out in
                standardize(w.baseAddress!, count: kernel.count, outputs: outputs, epsilon: epsilon,
                            into: out.baseAddress!, inverseDeviations: &inverse)
            }
        }
        return result
    }

    /// ŵ of the `count` values of `kernel` with `outputs` channels on its last axis,
    /// written to `standardized`; r per channel to `inverseDeviations`.
    public static func standardize(_ kernel: UnsafePointer<Float>, count: Int, outputs: Int, epsilon: Double = 1e-10,
                                   into standardized: UnsafeMutablePointer<Float>, inverseDeviations: inout [Float]) {
        precondition(outputs > 0 && count % outputs == 0, "a kernel of \(count) values has no last axis of \(outputs)")
        let entries = count / outputs
        var mean = [Double](repeating: 0, count: outputs)
        for j in 0..<entries { for o in 0..<outputs { mean[o] += Double(kernel[j * outputs + o]) } }
        for o in 0..<outputs { mean[o] /= Double(entries) }
        var variance = [Double](repeating: 0, count: outputs)
        for j in 0..<entries {
            for o in 0..<outputs {
                let d = Double(kernel[j * outputs + o]) - mean[o]
                variance[o] += d * d
            }
        }
        let inverse = variance.map { 1 / ($0 / Double(entries) + epsilon).squareRoot() }
        for j in 0..<entries {
            for o in 0..<outputs {
                standardized[j * outputs + o] = Float((Double(kernel[j * outputs + o]) - mean[o]) * inverse[o])
            }
        }
        inverseDeviations = inverse.map { Float($0) }
    }

    /// Adds ∂L/∂w to `kernelGradient` from g = ∂L/∂ŵ, the standardized kernel ŵ and r.
    public static func backward(gradient: UnsafePointer<Float>, standardized w: UnsafePointer<Float>,
                                inverseDeviations: [Float], count: Int,
                                addingTo kernelGradient: UnsafeMutablePointer<Float>) {
        let outputs = inverseDeviations.count
        precondition(outputs > 0 && count % outputs == 0, "a kernel of \(count) values has no last axis of \(outputs)")
        let entries = count / outputs
        var meanGradient = [Double](repeating: 0, count: outputs)
        var meanProduct = [Double](repeating: 0, count: outputs)
        for j in 0..<entries {
            for o in 0..<outputs {
                let g = Double(gradient[j * outputs + o])
                meanGradient[o] += g
                meanProduct[o] += g * Double(w[j * outputs + o])
            }
        }
        for o in 0..<outputs {
            meanGradient[o] /= Double(entries)
            meanProduct[o] /= Double(entries)
        }
        for j in 0..<entries {
            for o in 0..<outputs {
                let i = j * outputs + o
                let g = Double(gradient[i]) - meanGradient[o] - Double(w[i]) * meanProduct[o]
                kernelGradient[i] += Float(g * Double(inverseDeviations[o]))
            }
        }
    }
}
