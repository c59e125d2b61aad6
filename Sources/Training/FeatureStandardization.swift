import Foundation
import Tensors

// Shape legend: features [N, D]; head kernel [D, C], bias [C].

/// Per-feature standardization, (x − mean) / deviation, measured on training features:
/// what Keras' `layers.Normalization` does once `adapt`ed. A linear head trained on
/// standardized features is folded back into a head on the raw features
/// (W' = W / σ, b' = b − Σ μ·W / σ), so what is saved and evaluated needs no extra step.
public struct FeatureStandardization: Codable, Equatable, Sendable {
    public var mean: [Float]
    public var deviation: [Float]

    /// A column whose deviation is below this (constant over the training set, such as a
    /// channel ReLU always zeroes) is only centred: dividing by a near-zero deviation would
    /// blow up any other value it takes on new images.
    public static let minimumDeviation: Float = 1e-6

    /// The mean and (population) standard deviation of every column of `features` [N, D].
    public init(features: Tensor) throws {
        guard features.rank == 2, features.shape[0] > 0 else {
            throw TrainingError.shapeMismatch(what: "features to standardize", expected: [-1, -1], actual: features.shape)
        }
        let n = features.shape[0], d = features.shape[1]
        var sums = [Double](repeating: 0, count: d), squares = [Double](repeating: 0, count: d)
        for row in 0..<n {
            for column in 0..<d {
                let value = Double(features.scalars[row * d + column])
                sums[column] += value
                squares[column] += value * value
            }
        }
        mean = sums.map { Float($0 / Double(n)) }
        deviation = zip(sums, squares).map { sum, square in
            let average = sum / Double(n)
            let deviation = Float(max(0, square / Double(n) - average * average).squareRoot())
            return deviation < Self.minimumDeviation ? 1 : deviation
        }
    }

    /// (x − mean) / deviation for every row of `features` [N, D].
    public func apply(_ features: Tensor) -> Tensor {
        let d = mean.count
        precondition(features.rank == 2 && features.shape[1] == d, "features \(features.shape) for \(d) statistics")
        var scalars = features.scalars
        for index in scalars.indices {
            let column = index % d
            scalars[index] = (scalars[index] - mean[column]) / deviation[column]
        }
        return Tensor(shape: features.shape, scalars: scalars)
    }

    /// The head on raw features equal to `head` on standardized ones.
    public func fold(into head: DenseHead) throws -> DenseHead {
        let d = head.inputCount, c = head.classCount
        precondition(d == mean.count, "a head of \(d) inputs for \(mean.count) statistics")
        var weights = head.weights, bias = head.bias
        for row in 0..<d {
            for k in 0..<c {
                weights[row * c + k] = head.weights[row * c + k] / deviation[row]
                bias[k] -= mean[row] * weights[row * c + k]
            }
        }
        return try DenseHead(weights: Tensor(shape: [d, c], scalars: weights), bias: Tensor(shape: [c], scalars: bias))
    }
}
