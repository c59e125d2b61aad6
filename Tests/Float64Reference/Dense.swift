import Tensors
// Shape legend: input x [N, I], weight w [I, O], bias b [O], output y [N, O].

/// A fully connected layer for training (BiT's head: a 1x1 convolution on pooled
/// features): y = x·w + b; ∂L/∂x = ∂L/∂y·wᵀ, ∂L/∂w = xᵀ·∂L/∂y, ∂L/∂b = Σₙ ∂L/∂y.
public enum ReferenceDense {
    /// x·w + b.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(input: [T], weight: [T], bias: [T]) -> [T] {
        let (rows, inputs, outputs) = sizes(input: input, weight: weight, bias: bias)
        var output = [T](repeating: 0, count: rows * outputs)
        for row in 0..<rows { for o in 0..<outputs { output[row * outputs + o] = bias[o] } }
        input.withUnsafeBufferPointer { x in
            weight.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    T.gemm(transposeA: false, transposeB: false, m: rows, n: outputs, k: inputs,
                           a: x.baseAddress!, lda: inputs, b: w.baseAddress!, ldb: outputs,
                           c: y.baseAddress!, ldc: outputs, accumulate: true)
                }
            }
        }
        return output
    }

    /// The gradients with respect to the input, the weight and the bias.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], input: [T], weight: [T], bias: [T])
        -> (input: [T], weight: [T], bias: [T]) {
        let (rows, inputs, outputs) = sizes(input: input, weight: weight, bias: bias)
        precondition(outputGradient.count == rows * outputs,
                     "gradient of \(outputGradient.count) values for [\(rows), \(outputs)]")
        var inputGrad = [T](repeating: 0, count: rows * inputs)
        var weightGrad = [T](repeating: 0, count: inputs * outputs)
        var biasGrad = [T](repeating: 0, count: outputs)
        for row in 0..<rows { for o in 0..<outputs { biasGrad[o] += outputGradient[row * outputs + o] } }
        outputGradient.withUnsafeBufferPointer { dy in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    inputGrad.withUnsafeMutableBufferPointer { dx in
                        weightGrad.withUnsafeMutableBufferPointer { dw in
                            T.gemm(transposeA: false, transposeB: true, m: rows, n: inputs, k: outputs,
                                   a: dy.baseAddress!, lda: outputs, b: w.baseAddress!, ldb: outputs,
                                   c: dx.baseAddress!, ldc: inputs, accumulate: false)
                            T.gemm(transposeA: true, transposeB: false, m: inputs, n: outputs, k: rows,
                                   a: x.baseAddress!, lda: inputs, b: dy.baseAddress!, ldb: outputs,
                                   c: dw.baseAddress!, ldc: outputs, accumulate: false)
                        }
                    }
                }
            }
        }
        return (inputGrad, weightGrad, biasGrad)
    }

    private static func sizes<T>(input: [T], weight: [T], bias: [T]) -> (rows: Int, inputs: Int, outputs: Int) {
        let outputs = bias.count
        precondition(outputs > 0 && weight.count % outputs == 0, "weight of \(weight.count) values for \(outputs) outputs")
        let inputs = weight.count / outputs
        precondition(inputs > 0 && input.count % inputs == 0, "input of \(input.count) values for \(inputs) features")
        return (input.count / inputs, inputs, outputs)
    }
}
