import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceZeroPadTests {
    @Test func zeroPadGradientMatchesFiniteDifferences() {
        let x = FiniteDifferences.random(2 * 3 * 4 * 2, seed: 41)
        for padding in [1, 2] {
            let count = 2 * (3 + 2 * padding) * (4 + 2 * padding) * 2
            let r = FiniteDifferences.random(count, seed: 42)
            let analytic = ReferenceZeroPad.backward(outputGradient: r, batch: 2, height: 3, width: 4, channels: 2,
                                                     padding: padding)
            let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceZeroPad.forward(
                $0, batch: 2, height: 3, width: 4, channels: 2, padding: padding)) }, at: x)
            #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
        }
        let floats = x.map { Float($0) }
        #expect(ReferenceZeroPad.forward(floats, batch: 2, height: 3, width: 4, channels: 2, padding: 1)
                    == Tensor(shape: [2, 3, 4, 2], scalars: floats).zeroPadded(1).scalars)
    }
}
