import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceResidualAddTests {
    @Test func gradientsMatchFiniteDifferences() {
        let a = FiniteDifferences.random(10, seed: 71), b = FiniteDifferences.random(10, seed: 72)
        let r = FiniteDifferences.random(10, seed: 73)
        let (first, second) = ReferenceResidualAdd.backward(outputGradient: r)
        let numericFirst = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceResidualAdd.forward($0, b)) }, at: a)
        let numericSecond = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceResidualAdd.forward(a, $0)) }, at: b)
        #expect(FiniteDifferences.relativeError(first, numericFirst) < 1e-8)
        #expect(FiniteDifferences.relativeError(second, numericSecond) < 1e-8)
    }

    @Test func addsElementwise() {
        #expect(ReferenceResidualAdd.forward([1.0, 2, 3], [0.5, -2, 4]) == [1.5, 0, 7])
    }
}
