// Shape legend: input [N, I], weight [I, O], bias [O], output [N, O].

extension Tensor {
    /// A fully connected layer: `self · weight + bias`.
    public func dense(weight: Tensor, bias: Tensor) -> Tensor {
        precondition(rank == 2 && weight.rank == 2 && weight.shape[0] == shape[1]
                        && bias.shape == [weight.shape[1]],
                     "dense of \(shape) with weight \(weight.shape) and bias \(bias.shape)")
        var result = matmul(weight)
        let outputs = weight.shape[1]
        for row in 0..<shape[0] {
            for o in 0..<outputs { result.scalars[row * outputs + o] += bias.scalars[o] }
        }
        return result
    }
}
