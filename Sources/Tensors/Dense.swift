// Shape legend: input x [N, I], weight w [I, O], bias b [O], output y [N, O].

/// A fully connected layer (BiT's head: a 1x1 convolution on pooled features; lesson
/// 62's new head), forward and backward:
///   y = x·w + b;  ∂L/∂x = ∂L/∂y·wᵀ,  ∂L/∂w = xᵀ·∂L/∂y,  ∂L/∂b = Σₙ ∂L/∂y.
public enum Dense {
    /// y = x·w + b for `rows` inputs of `inputs` values.
    public static func forward(input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               rows: Int, inputs: Int, outputs: Int, output: UnsafeMutablePointer<Float>) {
        for row in 0..<rows { (output + row * outputs).update(from: bias, count: outputs) }
        MatrixMultiply.gemm(m: rows, n: outputs, k: inputs, a: input, b: weight, c: output, accumulate: true)
    }

    /// Adds ∂L/∂w and ∂L/∂b to `weightGradient` and `biasGradient`; writes ∂L/∂x to
    /// `inputGradient` when given.
    public static func backward(outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                                weight: UnsafePointer<Float>, rows: Int, inputs: Int, outputs: Int,
                                weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
                                inputGradient: UnsafeMutablePointer<Float>?) {
        for row in 0..<rows {
            for o in 0..<outputs { biasGradient[o] += outputGradient[row * outputs + o] }
        }
        MatrixMultiply.gemm(m: inputs, n: outputs, k: rows, a: input, lda: inputs, transposeA: true,
                            b: outputGradient, c: weightGradient, accumulate: true)
        if let inputGradient {
            MatrixMultiply.gemm(m: rows, n: inputs, k: outputs, a: outputGradient, b: weight, ldb: outputs,
                                transposeB: true, c: inputGradient)
        }
    }
}

extension Tensor {
    /// A fully connected layer: `self · weight + bias`.
    public func dense(weight: Tensor, bias: Tensor) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && weight.shape[0] == shape[1]
                        && bias.shape == [weight.shape[1]],
                     "dense of \(shape) with weight \(weight.shape) and bias \(bias.shape)")
        let (rows, inputs, outputs) = (shape[0], shape[1], weight.shape[1])
        var result = Tensor(zeros: [rows, outputs])
        guard result.count > 0 else { return result }
        scalars.withUnsafeBufferPointer { x in
            weight.scalars.withUnsafeBufferPointer { w in
                bias.scalars.withUnsafeBufferPointer { b in
                    result.scalars.withUnsafeMutableBufferPointer { y in
                        Dense.forward(input: x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!, rows: rows,
                                      inputs: inputs, outputs: outputs, output: y.baseAddress!)
                    }
                }
            }
        }
        return result
    }
}
