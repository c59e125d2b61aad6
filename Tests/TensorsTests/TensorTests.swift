import Testing
@testable import Tensors

@Suite struct TensorTests {
    @Test func shapeAndCount() {
        let t = Tensor(zeros: [2, 3, 4])
        #expect(t.count == 24)
        #expect(t.rank == 3)
        #expect(t.scalars.allSatisfy { $0 == 0 })
    }

    @Test func reshapeKeepsRowMajorOrder() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).reshaped([3, 2])
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
    }
}
