import Tensors
// Shape legend: kernel [KH, KW, I, O] (HWIO), read as [E, O] with E = KH·KW·I entries
// per output channel o; statistics per o.

/// Weight standardization for training: the standardized kernel is part of the graph,
/// so gradients reach the raw kernel (BiT's `StdConv2d`, Qiao et al. 2019).
///
/// Per output channel: μ = mean(w), σ² = mean((w − μ)²) (biased), r = 1/√(σ² + ε),
/// ŵ = (w − μ)·r. Its backward, with g = ∂L/∂ŵ and means over the E entries:
///   ∂L/∂w = r·(g − mean(g) − ŵ·mean(g·ŵ)).
public enum ReferenceWeightStandardization {
    /// What the backward pass needs from the forward pass.
    public struct Cache<T: ReferenceScalar> {
        /// ŵ, in the kernel's layout.
        public var standardized: [T]
        /// r = 1/√(σ² + ε) per output channel.
        public var inverseDeviation: [T]
    }

    /// ŵ of a kernel whose last axis has `outputs` channels (BiT: ε = 1e-10).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(kernel: [T], outputs: Int, epsilon: T = 1e-10) -> Cache<T> {
        precondition(outputs > 0 && kernel.count % outputs == 0,
                     "a kernel of \(kernel.count) values has no last axis of \(outputs)")
        let entries = kernel.count / outputs
        // Statistics in Double whatever T is: a float32 sum over thousands of entries
        // loses digits that the reference (and the inference path) keeps.
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
        let inverse = variance.map { 1 / ($0 / Double(entries) + Double(epsilon)).squareRoot() }
        var standardized = kernel
        for j in 0..<entries {
            for o in 0..<outputs {
                standardized[j * outputs + o] = T((Double(kernel[j * outputs + o]) - mean[o]) * inverse[o])
            }
        }
        return Cache(standardized: standardized, inverseDeviation: inverse.map { T($0) })
    }

    /// ∂L/∂w from ∂L/∂ŵ.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(gradient: [T], cache: Cache<T>) -> [T] {
        let outputs = cache.inverseDeviation.count, w = cache.standardized
        precondition(gradient.count == w.count, "gradient of \(gradient.count) values for \(w.count) weights")
        let entries = w.count / outputs
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
        var result = gradient
        for j in 0..<entries {
            for o in 0..<outputs {
                let i = j * outputs + o
                let g = Double(gradient[i]) - meanGradient[o] - Double(w[i]) * meanProduct[o]
                result[i] = T(g * Double(cache.inverseDeviation[o]))
            }
        }
        return result
    }
}
