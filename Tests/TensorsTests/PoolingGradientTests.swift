import Float64Reference
import Testing
import TestSupport
@testable import Tensors

/// The engine's max pool with argmax (BiT's zero pad 1 and 3x3/2 pool in one) and the
/// pooling backward passes, against the float64 reference's explicit pad then pool.
@Suite struct PoolingGradientTests {
    /// (batch, height, width, channels): even and odd sizes.
    static let cases: [(Int, Int, Int, Int)] = [(2, 6, 6, 3), (1, 7, 5, 4), (3, 9, 8, 16)]

    @Test(arguments: cases)
    func maxPoolMatchesPaddingThenPooling(_ n: Int, _ h: Int, _ w: Int, _ c: Int) {
        // Mostly negative values: padding zeros win many windows at the borders.
        let x = FiniteDifferences.random(n * h * w * c, seed: 51).map { Float($0 - 0.3) }
        let padded = ReferenceZeroPad.forward(x.map(Double.init), batch: n, height: h, width: w, channels: c, padding: 1)
        let expected = ReferenceMaxPool.forward(padded, batch: n, height: h + 2, width: w + 2, channels: c,
                                                window: 3, stride: 2)
        let (oh, ow) = ((h + 2 - 3) / 2 + 1, (w + 2 - 3) / 2 + 1)
        var output = [Float](repeating: .nan, count: n * oh * ow * c)
        var argmax = [Int32](repeating: 0, count: output.count)
        Pooling.maxPool(input: x, batch: n, height: h, width: w, channels: c, window: 3, stride: 2, padding: 1,
                        output: &output, argmax: &argmax)
        #expect(output.map(Double.init) == expected.output)
        // The inference max pool gives the same values.
        var inference = [Float](repeating: .nan, count: output.count)
        Pooling.maxPool(input: x, batch: n, height: h, width: w, channels: c, window: 3, stride: 2, padding: 1,
                        output: &inference)
        #expect(inference == output)

        let dy = FiniteDifferences.random(output.count, seed: 52).map { Float($0) }
        let expectedGradient = ReferenceZeroPad.backward(
            outputGradient: ReferenceMaxPool.backward(outputGradient: dy.map(Double.init), argmax: expected.argmax,
                                                      inputCount: padded.count),
            batch: n, height: h, width: w, channels: c, padding: 1)
        var dx = [Float](repeating: .nan, count: x.count)
        Pooling.maxPoolBackward(outputGradient: dy, argmax: argmax, batch: n, outputsPerSample: oh * ow * c,
                                inputsPerSample: h * w * c, inputGradient: &dx)
        // A pixel that is the maximum of several windows sums their gradients (in float here).
        #expect(FiniteDifferences.relativeError(dx.map(Double.init), expectedGradient) < 1e-6)
    }

    @Test func globalAverageBackwardSpreadsEvenly() {
        var dx = [Float](repeating: .nan, count: 2 * 4 * 3)
        Pooling.globalAverageBackward(outputGradient: [4, 8, -2, 1, 0, 12], samples: 2, pixels: 4, channels: 3,
                                      inputGradient: &dx)
        #expect(dx == [1, 2, -0.5, 1, 2, -0.5, 1, 2, -0.5, 1, 2, -0.5, 0.25, 0, 3, 0.25, 0, 3, 0.25, 0, 3, 0.25, 0, 3])
    }
}
