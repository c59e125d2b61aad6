import Testing
import Tensors

@Suite struct WeightStandardizationTests {
    @Test func eachOutputChannelHasZeroMeanAndUnitVariance() {
        let kernel = Reference.random([3, 3, 5, 7], seed: 41).affine(scale: 4, shift: 2)
        let standardized = WeightStandardization.standardized(kernel)
        for o in 0..<7 {
            let column = stride(from: o, to: kernel.count, by: 7).map { Double(standardized.scalars[$0]) }
            let mean = column.reduce(0, +) / Double(column.count)
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)
            #expect(abs(mean) < 1e-6)
            #expect(abs(variance - 1) < 1e-5)
        }
    }

    @Test func handComputedChannel() {
        // One output channel [1, 3]: mean 2, biased variance 1 → [-1, 1].
        let kernel = Tensor(shape: [1, 1, 2, 1], scalars: [1, 3])
        #expect(WeightStandardization.standardized(kernel).scalars == [-1, 1])
    }

    @Test func constantChannelStaysFiniteThroughEpsilon() {
        let kernel = Tensor(repeating: 0.5, shape: [1, 1, 4, 1])
        #expect(WeightStandardization.standardized(kernel).scalars == [0, 0, 0, 0])
    }
}
