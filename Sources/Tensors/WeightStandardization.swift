// Shape legend: kernel [KH, KW, I, O] (HWIO); statistics per output channel O.

/// Weight standardization (Qiao et al., 2019), BiT's `StdConv2d`: for each output
/// channel o, over the KH·KW·I entries of the HWIO kernel, subtract the mean and divide
/// by sqrt(biased variance + eps), eps = 1e-10.
public enum WeightStandardization {
    /// The standardized copy of an HWIO `kernel` (any rank ≥ 1; the last axis is O).
    public static func standardized(_ kernel: Tensor, epsilon: Double = 1e-10) -> Tensor {
        precondition(kernel.rank >= 1, "weight standardization of a scalar")
        let outputs = kernel.shape[kernel.rank - 1]
        guard outputs > 0, kernel.count > 0 else { return kernel }
        let entries = kernel.count / outputs
        var result = kernel
        kernel.scalars.withUnsafeBufferPointer { w in
            result.scalars.withUnsafeMutableBufferPointer { out in
                var mean = [Double](repeating: 0, count: outputs)
                for j in 0..<entries { for o in 0..<outputs { mean[o] += Double(w[j * outputs + o]) } }
                for o in 0..<outputs { mean[o] /= Double(entries) }
                var variance = [Double](repeating: 0, count: outputs)
                for j in 0..<entries {
                    for o in 0..<outputs {
                        let d = Double(w[j * outputs + o]) - mean[o]
                        variance[o] += d * d
                    }
                }
                let inverse = variance.map { 1 / ($0 / Double(entries) + epsilon).squareRoot() }
                for j in 0..<entries {
                    for o in 0..<outputs {
                        out[j * outputs + o] = Float((Double(w[j * outputs + o]) - mean[o]) * inverse[o])
                    }
                }
            }
        }
        return result
    }
}
