import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceGroupNormTests {
    /// (samples, pixels, channels, groups): a group of one channel, groups of several,
    /// a single group.
    static let cases: [(Int, Int, Int, Int)] = [(2, 3, 4, 4), (2, 5, 6, 2), (1, 4, 3, 1), (3, 2, 64, 32)]

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ samples: Int, _ pixels: Int, _ channels: Int, _ groups: Int) {
        let shape = ReferenceGroupNorm.Shape(samples: samples, pixels: pixels, channels: channels, groups: groups)
        // Offset and scaled input: the statistics matter.
        let x = FiniteDifferences.random(shape.count, seed: 31).map { $0 * 2 + 0.7 }
        let gamma = FiniteDifferences.random(channels, seed: 32).map { 1 + $0 / 2 }
        let beta = FiniteDifferences.random(channels, seed: 33)
        let r = FiniteDifferences.random(shape.count, seed: 34)
        func loss(_ x: [Double], _ gamma: [Double], _ beta: [Double]) -> Double {
            FiniteDifferences.dot(r, ReferenceGroupNorm.forward(input: x, shape: shape, gamma: gamma, beta: beta).output)
        }
        let cache = ReferenceGroupNorm.forward(input: x, shape: shape, gamma: gamma, beta: beta).cache
        let analytic = ReferenceGroupNorm.backward(outputGradient: r, cache: cache, gamma: gamma)
        let numericInput = FiniteDifferences.gradient(of: { loss($0, gamma, beta) }, at: x)
        let numericGamma = FiniteDifferences.gradient(of: { loss(x, $0, beta) }, at: gamma)
        let numericBeta = FiniteDifferences.gradient(of: { loss(x, gamma, $0) }, at: beta)
        #expect(FiniteDifferences.relativeError(analytic.input, numericInput) < 1e-6)
        #expect(FiniteDifferences.relativeError(analytic.gamma, numericGamma) < 1e-7)
        #expect(FiniteDifferences.relativeError(analytic.beta, numericBeta) < 1e-7)
    }

    @Test func forwardMatchesTheInferenceGroupNorm() {
        let shape = ReferenceGroupNorm.Shape(samples: 2, pixels: 6, channels: 64, groups: 32)
        let x = FiniteDifferences.random(shape.count, seed: 35).map { Float($0 * 3 + 1) }
        let gamma = FiniteDifferences.random(64, seed: 36).map { Float(1 + $0 / 4) }
        let beta = FiniteDifferences.random(64, seed: 37).map { Float($0 / 4) }
        let trained = ReferenceGroupNorm.forward(input: x, shape: shape, gamma: gamma, beta: beta).output
        let inference = Tensor(shape: [2, 2, 3, 64], scalars: x).groupNormalized(gamma: gamma, beta: beta)
        #expect(FiniteDifferences.relativeError(trained.map(Double.init), inference.scalars.map(Double.init)) < 1e-6)
    }
}
