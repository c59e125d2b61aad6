// Shape legend: N batch, D feature width, C classes.

import Foundation
import Tensors

/// MixUp (Zhang et al., 2018) as the BiT-HyperRule uses it for 20k+ images: each batch draws
/// one λ ~ Beta(α, α) and one permutation of the batch, mixes every example with its partner
/// (`λ·x + (1-λ)·x[perm]`), and trains on the mixed targets `λ·y + (1-λ)·y[perm]`
/// (the same as `λ·CE(y) + (1-λ)·CE(y[perm])`).
///
/// Here the examples are backbone features, not pixels: with a frozen backbone and cached
/// features, mixing pixels would need a new backbone pass per mixed image. Mixing features
/// is the cached design's stand-in; it is off for the lesson (3,119 images < 20,000).
public struct MixUp: Sendable {
    /// The Beta distribution's parameter (BiT: 0.1).
    public let alpha: Double

    public init(alpha: Double = 0.1) {
        self.alpha = alpha
    }

    /// A mixed batch: features [N, D] and soft targets [N, C].
    public func mix(features: Tensor, labels: [Int], classCount: Int,
                    using generator: inout SeededGenerator) throws -> (features: Tensor, targets: Tensor, lambda: Double) {
        guard features.rank == 2, features.shape[0] == labels.count else {
            throw TrainingError.shapeMismatch(what: "MixUp batch", expected: [labels.count, features.shape.last ?? 0],
                                              actual: features.shape)
        }
        let lambda = Self.sampleBeta(alpha, alpha, using: &generator)
        var partner = Array(labels.indices)
        generator.shuffle(&partner)
        return try mix(features: features, labels: labels, classCount: classCount, lambda: lambda, partner: partner)
    }

    /// The deterministic part of MixUp, for a given λ and partner permutation.
    public func mix(features: Tensor, labels: [Int], classCount: Int,
                    lambda: Double, partner: [Int]) throws -> (features: Tensor, targets: Tensor, lambda: Double) {
        let n = labels.count, d = features.count / max(n, 1)
        let oneHot = try Self.oneHot(labels, classCount: classCount)
        let l = Float(lambda), rest = Float(1 - lambda)
        var mixed = [Float](repeating: 0, count: features.count)
        var targets = [Float](repeating: 0, count: n * classCount)
        for row in 0..<n {
            let other = partner[row]
            for j in 0..<d {
                mixed[row * d + j] = l * features.scalars[row * d + j] + rest * features.scalars[other * d + j]
            }
            for k in 0..<classCount {
                targets[row * classCount + k] = Float(lambda * oneHot[row * classCount + k]
                                                      + (1 - lambda) * oneHot[other * classCount + k])
            }
        }
        return (Tensor(shape: features.shape, scalars: mixed), Tensor(shape: [n, classCount], scalars: targets), lambda)
    }

    /// One-hot rows [labels.count, classCount].
    static func oneHot(_ labels: [Int], classCount: Int) throws -> [Double] {
        var targets = [Double](repeating: 0, count: labels.count * classCount)
        for (row, label) in labels.enumerated() {
            guard (0..<classCount).contains(label) else {
                throw TrainingError.labelOutOfRange(label: label, classCount: classCount)
            }
            targets[row * classCount + label] = 1
        }
        return targets
    }

    /// A draw from Beta(a, b) as `X / (X + Y)` with X ~ Gamma(a), Y ~ Gamma(b), computed
    /// from the logarithms of the gammas so that tiny shapes (α = 0.1) never give 0/0.
    public static func sampleBeta(_ a: Double, _ b: Double, using generator: inout SeededGenerator) -> Double {
        let logX = logGamma(shape: a, using: &generator)
        let logY = logGamma(shape: b, using: &generator)
        return 1 / (1 + exp(logY - logX))
    }

    /// The logarithm of a Gamma(shape, 1) draw: Marsaglia and Tsang (2000) for shape ≥ 1, and
    /// their boost `Gamma(a) = Gamma(a + 1) · U^(1/a)` below 1.
    static func logGamma(shape: Double, using generator: inout SeededGenerator) -> Double {
        if shape < 1 {
            let u = max(generator.nextDouble(), Double.leastNonzeroMagnitude)
            return logGamma(shape: shape + 1, using: &generator) + log(u) / shape
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            let x = standardNormal(using: &generator)
            let v = 1 + c * x
            guard v > 0 else { continue }
            let v3 = v * v * v
            let u = generator.nextDouble()
            if u < 1 - 0.0331 * x * x * x * x || log(max(u, .leastNonzeroMagnitude)) < 0.5 * x * x + d * (1 - v3 + log(v3)) {
                return log(d * v3)
            }
        }
    }

    /// A standard normal draw (Box-Muller).
    static func standardNormal(using generator: inout SeededGenerator) -> Double {
        let u1 = max(generator.nextDouble(), Double.leastNonzeroMagnitude)
        let u2 = generator.nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
