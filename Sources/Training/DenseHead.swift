// Shape legend: N batch, D feature width (2048 x width factor for BiT), C classes.

import Tensors

/// The new classification layer put on top of the frozen backbone: `logits = features · W + b`.
///
/// The Keras lesson builds it as `Dense(num_classes, kernel_initializer="zeros")`, whose bias
/// is zero-initialised too; so a fresh head predicts uniform probabilities.
public struct DenseHead: Equatable, Sendable {
    /// The feature width D.
    public let inputCount: Int
    /// The number of classes C.
    public let classCount: Int
    /// The kernel, [D, C] row-major (Keras' layout).
    public var weights: [Float]
    /// The bias, [C].
    public var bias: [Float]

    /// A zero-initialised head.
    public init(inputCount: Int, classCount: Int) {
        precondition(inputCount > 0 && classCount > 0, "a head needs at least one input and one class")
        self.inputCount = inputCount
        self.classCount = classCount
        weights = [Float](repeating: 0, count: inputCount * classCount)
        bias = [Float](repeating: 0, count: classCount)
    }

    /// A head with the given parameters; `weights` is [D, C] row-major.
    public init(weights: Tensor, bias: Tensor) throws {
        guard weights.rank == 2, bias.shape == [weights.shape.last ?? 0], weights.count > 0 else {
            throw TrainingError.shapeMismatch(what: "head parameters", expected: [weights.shape.first ?? 0, bias.count],
                                              actual: weights.shape)
        }
        inputCount = weights.shape[0]
        classCount = weights.shape[1]
        self.weights = weights.scalars
        self.bias = bias.scalars
    }

    /// The kernel as a [D, C] tensor.
    public var weightTensor: Tensor { Tensor(shape: [inputCount, classCount], scalars: weights) }
    /// The bias as a [C] tensor.
    public var biasTensor: Tensor { Tensor(shape: [classCount], scalars: bias) }

    /// The logits [N, C] for features [N, D].
    public func logits(_ features: Tensor) throws -> Tensor {
        let n = try rowCount(of: features)
        let d = inputCount, c = classCount
        var out = [Float](repeating: 0, count: n * c)
        features.scalars.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                out.withUnsafeMutableBufferPointer { o in
                    for row in 0..<n {
                        let logitRow = row * c
                        for k in 0..<c { o[logitRow + k] = bias[k] }
                        // Walk W row by row so the inner loop (over classes) is contiguous.
                        let featureRow = row * d
                        for j in 0..<d {
                            let xj = x[featureRow + j]
                            let wRow = j * c
                            for k in 0..<c { o[logitRow + k] += xj * w[wRow + k] }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [n, c], scalars: out)
    }

    /// The gradients of a loss w.r.t. the kernel ([D, C]) and the bias ([C]), given the
    /// features [N, D] and the loss's gradient w.r.t. the logits [N, C]:
    /// `dW = Xᵀ · G`, `db = Σ_rows G`.
    public func parameterGradients(features: Tensor, logitGradient: Tensor) throws -> (weights: [Float], bias: [Float]) {
        let n = try rowCount(of: features)
        guard logitGradient.shape == [n, classCount] else {
            throw TrainingError.shapeMismatch(what: "logit gradient", expected: [n, classCount], actual: logitGradient.shape)
        }
        let d = inputCount, c = classCount
        var dW = [Float](repeating: 0, count: d * c)
        var db = [Float](repeating: 0, count: c)
        features.scalars.withUnsafeBufferPointer { x in
            logitGradient.scalars.withUnsafeBufferPointer { g in
                dW.withUnsafeMutableBufferPointer { dw in
                    for row in 0..<n {
                        let gRow = row * c
                        for k in 0..<c { db[k] += g[gRow + k] }
                        let featureRow = row * d
                        for j in 0..<d {
                            let xj = x[featureRow + j]
                            let wRow = j * c
                            for k in 0..<c { dw[wRow + k] += xj * g[gRow + k] }
                        }
                    }
                }
            }
        }
        return (dW, db)
    }

    private func rowCount(of features: Tensor) throws -> Int {
        guard features.rank == 2, features.shape[1] == inputCount else {
            throw TrainingError.shapeMismatch(what: "head input", expected: [features.shape.first ?? 0, inputCount],
                                              actual: features.shape)
        }
        return features.shape[0]
    }
}
