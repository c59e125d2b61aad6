import Float64Reference
import Testing
import TestSupport
@testable import Tensors

/// The engine's fused ReLU(GroupNorm) backward pass against the float64 reference.
@Suite struct GroupNormGradientTests {
    /// (samples, pixels, channels, groups): groups of one channel, of several, one group,
    /// BiT's 32 groups, and more pixels than one partial-sum block (64).
    static let cases: [(Int, Int, Int, Int)] = [(2, 3, 4, 4), (2, 5, 6, 2), (1, 4, 3, 1), (3, 2, 64, 32), (2, 150, 64, 32)]

    @Test(arguments: cases)
    func gradientsMatchTheReference(_ samples: Int, _ pixels: Int, _ channels: Int, _ groups: Int) {
        let count = samples * pixels * channels
        let x = FiniteDifferences.random(count, seed: 41).map { Float($0 * 2 + 0.7) }
        let gamma = FiniteDifferences.random(channels, seed: 42).map { Float(1 + $0 / 2) }
        let beta = FiniteDifferences.random(channels, seed: 43).map { Float($0 / 2) }
        let dy = FiniteDifferences.random(count, seed: 44).map { Float($0) }

        let shape = ReferenceGroupNorm.Shape(samples: samples, pixels: pixels, channels: channels, groups: groups)
        let normalized = ReferenceGroupNorm.forward(input: x.map(Double.init), shape: shape,
                                                    gamma: gamma.map(Double.init), beta: beta.map(Double.init))
        let output = ReferenceReLU.forward(normalized.output)
        let expected = ReferenceGroupNorm.backward(
            outputGradient: ReferenceReLU.backward(outputGradient: dy.map(Double.init), output: output),
            cache: normalized.cache, gamma: gamma.map(Double.init))

        let statistics = GroupNormStatistics(of: x, samples: samples, pixels: pixels, channels: channels, groups: groups)
        // The forward transform is the reference's forward pass.
        var y = x
        GroupNorm.transform(statistics: statistics, gamma: gamma, beta: beta, relu: true)
            .applyInPlace(&y, pixels: pixels)
        #expect(FiniteDifferences.relativeError(y.map(Double.init), output) < 1e-5)
        var dx = [Float](repeating: .nan, count: count)
        var dGamma = [Float](repeating: 1, count: channels), dBeta = [Float](repeating: -1, count: channels)
        GroupNorm.backward(input: x, statistics: statistics, gamma: gamma, beta: beta, relu: true, pixels: pixels,
                           outputGradient: dy, inputGradient: &dx, gammaGradient: &dGamma, betaGradient: &dBeta)
        #expect(FiniteDifferences.relativeError(dx.map(Double.init), expected.input) < 1e-5)
        // The parameter gradients are added to what was there (1 and −1).
        #expect(FiniteDifferences.relativeError(dGamma.map { Double($0 - 1) }, expected.gamma) < 1e-5)
        #expect(FiniteDifferences.relativeError(dBeta.map { Double($0 + 1) }, expected.beta) < 1e-5)
    }

    @Test func inPlaceEqualsSeparateBuffers() {
        let (samples, pixels, channels) = (2, 20, 64)
        let x = FiniteDifferences.random(samples * pixels * channels, seed: 45).map { Float($0) }
        let gamma = [Float](repeating: 1.5, count: channels), beta = [Float](repeating: 0.1, count: channels)
        let statistics = GroupNormStatistics(of: x, samples: samples, pixels: pixels, channels: channels)
        var dy = FiniteDifferences.random(x.count, seed: 46).map { Float($0) }
        var separate = [Float](repeating: 0, count: x.count)
        var g1 = [Float](repeating: 0, count: channels), b1 = g1, g2 = g1, b2 = g1
        GroupNorm.backward(input: x, statistics: statistics, gamma: gamma, beta: beta, relu: true, pixels: pixels,
                           outputGradient: dy, inputGradient: &separate, gammaGradient: &g1, betaGradient: &b1)
        dy.withUnsafeMutableBufferPointer { d in
            GroupNorm.backward(input: x, statistics: statistics, gamma: gamma, beta: beta, relu: true, pixels: pixels,
                               outputGradient: d.baseAddress!, inputGradient: d.baseAddress!, gammaGradient: &g2,
                               betaGradient: &b2)
        }
        #expect(dy == separate && g1 == g2 && b1 == b2)
    }
}

extension ChannelTransform {
    /// Applies the transform in place to an array of [samples, pixels, channels].
    func applyInPlace(_ values: inout [Float], pixels: Int) {
        values.withUnsafeMutableBufferPointer { applyInPlace($0.baseAddress!, pixels: pixels) }
    }
}
