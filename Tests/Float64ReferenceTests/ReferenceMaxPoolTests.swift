import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceMaxPoolTests {
    @Test func maxPoolGradientMatchesFiniteDifferences() {
        // 7x7 with a 3x3/2 window: overlapping windows; inputs are distinct, so no ties.
        let x = FiniteDifferences.random(2 * 7 * 7 * 3, seed: 43)
        let r = FiniteDifferences.random(2 * 3 * 3 * 3, seed: 44)
        let argmax = ReferenceMaxPool.forward(x, batch: 2, height: 7, width: 7, channels: 3, window: 3, stride: 2).argmax
        let analytic = ReferenceMaxPool.backward(outputGradient: r, argmax: argmax, inputCount: x.count)
        let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceMaxPool.forward(
            $0, batch: 2, height: 7, width: 7, channels: 3, window: 3, stride: 2).output) }, at: x)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
    }

    @Test func paddedMaxPoolAtTheBordersMatchesFiniteDifferencesAndInference() {
        // BiT's root: zero pad 1, then 3x3/2 without padding. Mostly negative inputs, so
        // border windows often take the padding's zero, and their gradient goes nowhere.
        let x = FiniteDifferences.random(1 * 6 * 5 * 2, seed: 45).map { $0 - 0.6 }
        func pooled(_ x: [Double]) -> [Double] {
            ReferenceMaxPool.forward(ReferenceZeroPad.forward(x, batch: 1, height: 6, width: 5, channels: 2, padding: 1),
                                     batch: 1, height: 8, width: 7, channels: 2, window: 3, stride: 2).output
        }
        let padded = ReferenceZeroPad.forward(x, batch: 1, height: 6, width: 5, channels: 2, padding: 1)
        let pool = ReferenceMaxPool.forward(padded, batch: 1, height: 8, width: 7, channels: 2, window: 3, stride: 2)
        #expect(pool.output.contains(0))
        let r = FiniteDifferences.random(pool.output.count, seed: 46)
        let analytic = ReferenceZeroPad.backward(
            outputGradient: ReferenceMaxPool.backward(outputGradient: r, argmax: pool.argmax, inputCount: padded.count),
            batch: 1, height: 6, width: 5, channels: 2, padding: 1)
        let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, pooled($0)) }, at: x)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
        let inference = Tensor(shape: [1, 6, 5, 2], scalars: x.map { Float($0) }).maxPooled(window: 3, stride: 2, padding: 1)
        #expect(pool.output.map { Float($0) } == inference.scalars)
    }

    @Test func tiesSendTheGradientToTheFirstMaximumOnly() {
        // A constant 5x5 image: every window ties everywhere; each output's gradient goes
        // whole to its window's top-left entry.
        let x = [Double](repeating: 1, count: 25)
        let pool = ReferenceMaxPool.forward(x, batch: 1, height: 5, width: 5, channels: 1, window: 3, stride: 2)
        let gradient = ReferenceMaxPool.backward(outputGradient: [1, 2, 3, 4], argmax: pool.argmax, inputCount: 25)
        var expected = [Double](repeating: 0, count: 25)
        (expected[0], expected[2], expected[10], expected[12]) = (1, 2, 3, 4)
        #expect(gradient == expected)
    }
}
