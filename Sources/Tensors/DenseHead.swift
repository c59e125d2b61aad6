// Shape legend: N batch, D feature width (2048 x width factor for BiT), C classes.

/// A network's classification layer, `logits = features · W + b`: the head a ResNetV2 holds,
/// the one a head trainer fits on frozen features, and the one a head checkpoint stores.
///
/// A fresh head is zero, kernel and bias alike (Keras' `Dense(num_classes,
/// kernel_initializer="zeros")`, and BiT's recipe for a new head), so it predicts uniform
/// probabilities.
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

    /// A head with the given values: `weights` [D, C] row-major, `bias` [C].
    public init(inputCount: Int, classCount: Int, weights: [Float], bias: [Float]) {
        precondition(inputCount > 0 && classCount > 0 && weights.count == inputCount * classCount
                         && bias.count == classCount,
                     "a head of \(inputCount)x\(classCount) with \(weights.count) weights and \(bias.count) biases")
        self.inputCount = inputCount
        self.classCount = classCount
        self.weights = weights
        self.bias = bias
    }

    /// A head with the given parameters; `weights` is [D, C] row-major.
    public init(weights: Tensor, bias: Tensor) throws {
        guard weights.rank == 2, bias.shape == [weights.shape.last ?? 0], weights.count > 0 else {
            throw DenseHeadShapeError(what: "head parameters", expected: [weights.shape.first ?? 0, bias.count],
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
        var out = [Float](repeating: 0, count: n * classCount)
        guard n > 0 else { return Tensor(shape: [0, classCount], scalars: []) }
        features.scalars.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { y in
                        Dense.forward(input: x.baseAddress!, weight: w.baseAddress!, bias: b.baseAddress!, rows: n,
                                      inputs: inputCount, outputs: classCount, output: y.baseAddress!)
                    }
                }
            }
        }
        return Tensor(shape: [n, classCount], scalars: out)
    }

    /// The gradients of a loss w.r.t. the kernel ([D, C]) and the bias ([C]), given the
    /// features [N, D] and the loss's gradient w.r.t. the logits [N, C]:
    /// `dW = Xᵀ · G`, `db = Σ_rows G`.
    public func parameterGradients(features: Tensor, logitGradient: Tensor) throws -> (weights: [Float], bias: [Float]) {
        let n = try rowCount(of: features)
        guard logitGradient.shape == [n, classCount] else {
            throw DenseHeadShapeError(what: "logit gradient", expected: [n, classCount], actual: logitGradient.shape)
        }
        var dw = [Float](repeating: 0, count: inputCount * classCount)
        var db = [Float](repeating: 0, count: classCount)
        guard n > 0 else { return (dw, db) }
        features.scalars.withUnsafeBufferPointer { x in
            logitGradient.scalars.withUnsafeBufferPointer { g in
                weights.withUnsafeBufferPointer { w in
                    dw.withUnsafeMutableBufferPointer { dw in
                        db.withUnsafeMutableBufferPointer { db in
                            Dense.backward(outputGradient: g.baseAddress!, input: x.baseAddress!, weight: w.baseAddress!,
                                           rows: n, inputs: inputCount, outputs: classCount,
                                           weightGradient: dw.baseAddress!, biasGradient: db.baseAddress!,
                                           inputGradient: nil)
                        }
                    }
                }
            }
        }
        return (dw, db)
    }

    private func rowCount(of features: Tensor) throws -> Int {
        guard features.rank == 2, features.shape[1] == inputCount else {
            throw DenseHeadShapeError(what: "head input", expected: [features.shape.first ?? 0, inputCount],
                                              actual: features.shape)
        }
        return features.shape[0]
    }
}

extension SGD {
    /// One step on the head's kernel and bias from their gradients (no weight decay: the
    /// lessons train heads without it).
    public func update(_ head: inout DenseHead, gradients: (weights: [Float], bias: [Float]), learningRate: Float) {
        var parameters = [head.weights, head.bias]
        head.weights = []
        head.bias = []
        update(&parameters, gradients: [gradients.weights, gradients.bias], roles: [.headKernel, .headBias],
               learningRate: learningRate)
        head.weights = parameters[0]
        head.bias = parameters[1]
    }
}

/// A tensor whose shape does not fit a dense head (its input, its parameters or the gradient
/// of its logits).
public struct DenseHeadShapeError: Error, Equatable, CustomStringConvertible {
    public var what: String
    public var expected: [Int]
    public var actual: [Int]

    public init(what: String, expected: [Int], actual: [Int]) {
        self.what = what
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "\(what): expected shape \(expected), got \(actual); check the feature width and the class count"
    }
}
