import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceGlobalAveragePoolTests {
    @Test func globalAveragePoolGradientMatchesFiniteDifferences() {
        let x = FiniteDifferences.random(2 * 6 * 3, seed: 47)
        let r = FiniteDifferences.random(2 * 3, seed: 48)
        let analytic = ReferenceGlobalAveragePool.backward(outputGradient: r, samples: 2, pixels: 6, channels: 3)
        let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceGlobalAveragePool.forward(
            $0, samples: 2, pixels: 6, channels: 3)) }, at: x)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
        let floats = x.map { Float($0) }
        let inference = Tensor(shape: [2, 2, 3, 3], scalars: floats).globalAveragePooled()
        #expect(FiniteDifferences.relativeError(
            ReferenceGlobalAveragePool.forward(floats, samples: 2, pixels: 6, channels: 3).map(Double.init),
            inference.scalars.map(Double.init)) < 1e-6)
    }
}
