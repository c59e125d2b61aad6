import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceDenseTests {
    @Test func gradientsMatchFiniteDifferences() {
        let (rows, inputs, outputs) = (3, 7, 5)
        let x = FiniteDifferences.random(rows * inputs, seed: 61)
        let w = FiniteDifferences.random(inputs * outputs, seed: 62)
        let b = FiniteDifferences.random(outputs, seed: 63)
        let r = FiniteDifferences.random(rows * outputs, seed: 64)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            FiniteDifferences.dot(r, ReferenceDense.forward(input: x, weight: w, bias: b))
        }
        let analytic = ReferenceDense.backward(outputGradient: r, input: x, weight: w, bias: b)
        #expect(FiniteDifferences.relativeError(analytic.input, FiniteDifferences.gradient(of: { loss($0, w, b) }, at: x)) < 1e-8)
        #expect(FiniteDifferences.relativeError(analytic.weight, FiniteDifferences.gradient(of: { loss(x, $0, b) }, at: w)) < 1e-8)
        #expect(FiniteDifferences.relativeError(analytic.bias, FiniteDifferences.gradient(of: { loss(x, w, $0) }, at: b)) < 1e-8)
    }

    @Test func forwardMatchesTheInferenceDense() {
        let x = FiniteDifferences.random(12, seed: 65).map { Float($0) }
        let w = FiniteDifferences.random(8, seed: 66).map { Float($0) }
        let b: [Float] = [0.5, -0.25]
        let inference = Tensor(shape: [3, 4], scalars: x).dense(weight: Tensor(shape: [4, 2], scalars: w),
                                                               bias: Tensor(shape: [2], scalars: b))
        let trained = ReferenceDense.forward(input: x, weight: w, bias: b)
        #expect(FiniteDifferences.relativeError(trained.map(Double.init), inference.scalars.map(Double.init)) < 1e-6)
    }
}
