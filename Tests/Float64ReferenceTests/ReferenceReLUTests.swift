import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceReLUTests {
    @Test func gradientMatchesFiniteDifferences() {
        let x = FiniteDifferences.random(40, seed: 51)
        let r = FiniteDifferences.random(40, seed: 52)
        let analytic = ReferenceReLU.backward(outputGradient: r, output: ReferenceReLU.forward(x))
        let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceReLU.forward($0)) }, at: x)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
        #expect(analytic.filter { $0 == 0 }.count == x.filter { $0 <= 0 }.count)
    }

    @Test func zeroInputGetsNoGradient() {
        #expect(ReferenceReLU.forward([-1.0, 0, 2]) == [0, 0, 2])
        #expect(ReferenceReLU.backward(outputGradient: [5.0, 6, 7], output: ReferenceReLU.forward([-1.0, 0, 2])) == [0, 0, 7])
    }
}
