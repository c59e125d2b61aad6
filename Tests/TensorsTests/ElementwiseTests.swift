import Testing
import Tensors

@Suite struct ElementwiseTests {
    @Test func reluAffineAndAdd() {
        let x = Tensor(shape: [5], scalars: [-2, -0.5, 0, 0.25, 3])
        #expect(x.relu().scalars == [0, 0, 0, 0.25, 3])
        #expect(x.affine(scale: 2, shift: -1).scalars == [-5, -2, -1, -0.5, 5])
        var y = x
        y += Tensor(shape: [5], scalars: [1, 1, 1, 1, 1])
        #expect(y.scalars == [-1, 0.5, 1, 1.25, 4])
    }

    @Test func largeArraysSplitOverWorkersStayExact() {
        let count = 300_001
        var y = Tensor(shape: [count], scalars: (0..<count).map { Float($0 % 1000) })
        y += Tensor(repeating: 1, shape: [count])
        #expect(y.scalars.enumerated().allSatisfy { $0.element == Float($0.offset % 1000 + 1) })
    }
}
