import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceWeightStandardizationTests {
    /// A [3, 3, 2, 4] kernel whose output channels have different means and scales.
    static let kernel: [Double] = FiniteDifferences.random(72, seed: 21).enumerated().map { i, v in
        let o = Double(i % 4)
        return v * (0.5 + o) + o - 1.5
    }

    @Test func gradientMatchesFiniteDifferences() {
        let r = FiniteDifferences.random(72, seed: 22)
        let cache = ReferenceWeightStandardization.forward(kernel: Self.kernel, outputs: 4)
        let analytic = ReferenceWeightStandardization.backward(gradient: r, cache: cache)
        let numeric = FiniteDifferences.gradient(of: {
            FiniteDifferences.dot(r, ReferenceWeightStandardization.forward(kernel: $0, outputs: 4).standardized)
        }, at: Self.kernel)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-7)
    }

    @Test func forwardMatchesTheInferenceStandardization() {
        let floats = Self.kernel.map { Float($0) }
        let trained = ReferenceWeightStandardization.forward(kernel: floats, outputs: 4)
        let inference = WeightStandardization.standardized(Tensor(shape: [3, 3, 2, 4], scalars: floats))
        #expect(trained.standardized == inference.scalars)
        // Each output channel ends with mean 0 and variance 1.
        for o in 0..<4 {
            let column = stride(from: o, to: 72, by: 4).map { Double(trained.standardized[$0]) }
            let mean = column.reduce(0, +) / 18
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 18
            #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
        }
    }

    @Test func gradientIsOrthogonalToShiftAndScale() {
        // ŵ does not change when a channel is shifted, nor (up to ε/σ², ε = 1e-10) when it
        // is scaled, so ∂L/∂w sums to zero and is orthogonal to ŵ in every output channel.
        let r = FiniteDifferences.random(72, seed: 23)
        let cache = ReferenceWeightStandardization.forward(kernel: Self.kernel, outputs: 4)
        let gradient = ReferenceWeightStandardization.backward(gradient: r, cache: cache)
        for o in 0..<4 {
            let entries = stride(from: o, to: 72, by: 4)
            #expect(abs(entries.map { gradient[$0] }.reduce(0, +)) < 1e-12)
            #expect(abs(entries.map { gradient[$0] * cache.standardized[$0] }.reduce(0, +)) < 1e-7)
        }
    }
}
