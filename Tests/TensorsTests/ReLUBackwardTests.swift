import Testing
import TestSupport
@testable import Tensors

@Suite struct ReLUBackwardTests {
    @Test func gradientMatchesFiniteDifferences() {
        let x = FiniteDifferences.random(40, seed: 51)
        let r = FiniteDifferences.random(40, seed: 52)
        let analytic = TrainableReLU.backward(outputGradient: r, output: TrainableReLU.forward(x))
        let numeric = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, TrainableReLU.forward($0)) }, at: x)
        #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-8)
        #expect(analytic.filter { $0 == 0 }.count == x.filter { $0 <= 0 }.count)
    }

    @Test func zeroInputGetsNoGradient() {
        #expect(TrainableReLU.forward([-1.0, 0, 2]) == [0, 0, 2])
        #expect(TrainableReLU.backward(outputGradient: [5.0, 6, 7], output: TrainableReLU.forward([-1.0, 0, 2])) == [0, 0, 7])
    }
}
