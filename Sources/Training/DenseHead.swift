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
        // Each logit is a dot product of a feature row with a kernel column; the kernel is
        // transposed to [C, D] so that both operands are contiguous.
        let kernelColumns = Self.transpose(weights, rows: d, columns: c)
        var out = [Float](repeating: 0, count: n * c)
        features.scalars.withUnsafeBufferPointer { x in
            kernelColumns.withUnsafeBufferPointer { w in
                for row in 0..<n {
                    for k in 0..<c {
                        out[row * c + k] = bias[k] + Self.dot(x.baseAddress! + row * d, w.baseAddress! + k * d, count: d)
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
        // Accumulate dWᵀ [C, D] as scaled feature rows (contiguous axpy), then transpose back.
        var gradientColumns = [Float](repeating: 0, count: c * d)
        var db = [Float](repeating: 0, count: c)
        features.scalars.withUnsafeBufferPointer { x in
            gradientColumns.withUnsafeMutableBufferPointer { dwt in
                for row in 0..<n {
                    let featureRow = x.baseAddress! + row * d
                    for k in 0..<c {
                        let g = logitGradient.scalars[row * c + k]
                        db[k] += g
                        let column = dwt.baseAddress! + k * d
                        for j in 0..<d { column[j] += g * featureRow[j] }
                    }
                }
            }
        }
        return (Self.transpose(gradientColumns, rows: c, columns: d), db)
    }

    /// A row-major [rows, columns] matrix as [columns, rows].
    static func transpose(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
        var out = [Float](repeating: 0, count: matrix.count)
        for r in 0..<rows {
            for col in 0..<columns { out[col * rows + r] = matrix[r * columns + col] }
        }
        return out
    }

    /// Σ a[i]·b[i] with eight-lane SIMD accumulators (Swift does not reorder a scalar Float sum).
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var accumulator = SIMD8<Float>()
        let lanes = count / 8 * 8
        let rawA = UnsafeRawPointer(a), rawB = UnsafeRawPointer(b)
        var i = 0
        while i < lanes {
            let va = rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let vb = rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            accumulator += va * vb  // not addProduct: without FMA in the target it becomes libm fma calls
            i += 8
        }
        var sum = accumulator.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    private func rowCount(of features: Tensor) throws -> Int {
        guard features.rank == 2, features.shape[1] == inputCount else {
            throw TrainingError.shapeMismatch(what: "head input", expected: [features.shape.first ?? 0, inputCount],
                                              actual: features.shape)
        }
        return features.shape[0]
    }
}
