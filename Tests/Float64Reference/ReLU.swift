import Tensors
// Shape legend: any shape; elementwise.

/// ReLU for training: y = max(x, 0); ∂L/∂x = ∂L/∂y where y > 0, else 0 (the
/// subgradient 0 at x = 0, as TensorFlow and PyTorch take it).
public enum ReferenceReLU {
    /// max(x, 0), elementwise.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(_ input: [T]) -> [T] {
        input.map { $0 > 0 ? $0 : 0 }
    }

    /// ∂L/∂x from ∂L/∂y and the forward output y.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], output: [T]) -> [T] {
        precondition(outputGradient.count == output.count,
                     "gradient of \(outputGradient.count) values for \(output.count) outputs")
        // Both loads before the select, into a fresh array: the loop can vectorize (a
        // conditional load compiled to a branch, mispredicted on every other random sign).
        return outputGradient.withUnsafeBufferPointer { g in
            output.withUnsafeBufferPointer { y in
                [T](unsafeUninitializedCapacity: g.count) { result, initialized in
                    for i in 0..<g.count {
                        let gradient = g[i], kept = y[i] > 0
                        result[i] = kept ? gradient : 0
                    }
                    initialized = g.count
                }
            }
        }
    }
}
