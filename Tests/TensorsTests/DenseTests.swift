import Testing
import Tensors

@Suite struct DenseTests {
    @Test func handComputedProduct() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let w = Tensor(shape: [3, 2], scalars: [1, 0, 0, 1, 1, -1])
        let b = Tensor(shape: [2], scalars: [0.5, -0.5])
        #expect(x.dense(weight: w, bias: b).scalars == [4.5, -1.5, 10.5, -1.5])
    }

    @Test func matmulMatchesLoops() {
        let a = Reference.random([67, 13], seed: 51), b = Reference.random([13, 9], seed: 52)
        var expected = [Float](repeating: 0, count: 67 * 9)
        for i in 0..<67 { for j in 0..<9 {
            var sum = 0.0
            for l in 0..<13 { sum += Double(a.scalars[i * 13 + l]) * Double(b.scalars[l * 9 + j]) }
            expected[i * 9 + j] = Float(sum)
        } }
        #expect(Reference.relativeError(a.matmul(b), Tensor(shape: [67, 9], scalars: expected)) < 1e-5)
    }
}
