import Testing
@testable import Tensors

@Suite struct GroupNormTests {
    @Test(arguments: [
        ([2, 3, 5, 64], 32, false),   // two channels per group
        ([1, 7, 3, 32], 32, true),    // a group of one channel, batch 1 (groups split over workers)
        ([3, 2, 2, 12], 4, true),     // three channels per group, not a SIMD multiple
        ([2, 1, 1, 96], 32, false),   // a single pixel
    ])
    func matchesTheDefinition(_ shape: [Int], _ groups: Int, _ relu: Bool) {
        let channels = shape[3]
        let x = Reference.random(shape, seed: 21).affine(scale: 3, shift: 5)  // large mean: no cancellation
        let gamma = (0..<channels).map { 1 + Float($0) * 0.01 }
        let beta = (0..<channels).map { Float($0 % 5) * 0.1 - 0.2 }
        let actual = x.groupNormalized(groups: groups, gamma: gamma, beta: beta, relu: relu)
        let expected = Reference.groupNorm(x, groups: groups, gamma: gamma, beta: beta, relu: relu)
        #expect(Reference.relativeError(actual, expected) < 2e-6)
    }

    @Test func reluClampsNegatives() {
        let x = Reference.random([1, 4, 4, 32], seed: 2)
        let ones = [Float](repeating: 1, count: 32), zeros = [Float](repeating: 0, count: 32)
        let plain = x.groupNormalized(groups: 32, gamma: ones, beta: zeros)
        let clamped = x.groupNormalized(groups: 32, gamma: ones, beta: zeros, relu: true)
        #expect(plain.scalars.contains { $0 < 0 })
        #expect(clamped.scalars == plain.scalars.map { max($0, 0) })
    }

    @Test func constantGroupNormalizesToBeta() {
        // Zero variance: (x - mean) = 0, eps keeps the division finite, output = beta.
        let x = Tensor(repeating: 4, shape: [1, 2, 2, 32])
        let beta = (0..<32).map { Float($0) }
        let y = x.groupNormalized(gamma: [Float](repeating: 2, count: 32), beta: beta)
        #expect(y.scalars == (0..<4).flatMap { _ in beta })
    }

    @Test func momentsMergedFromPiecesEqualMomentsOfTheWhole() {
        let x = Reference.random([2, 37, 1, 5], seed: 23).affine(scale: 2, shift: 7)
        let whole = x.scalars.withUnsafeBufferPointer {
            ChannelMoments.of($0.baseAddress!, samples: 2, pixels: 37, channels: 5)
        }
        let pieces = ChannelMoments(samples: 2, channels: 5)
        x.scalars.withUnsafeBufferPointer { base in
            // Uneven pieces, out of order, and channel slices.
            for (sample, start, end) in [(1, 30, 37), (0, 0, 1), (1, 0, 30), (0, 1, 37)] {
                let rows = base.baseAddress! + (sample * 37 + start) * 5
                pieces.add(rows, pixels: end - start, stride: 5, sample: sample, lower: 0, count: 2)
                pieces.add(rows + 2, pixels: end - start, stride: 5, sample: sample, lower: 2, count: 3)
            }
        }
        #expect(pieces.counts == [Int](repeating: 37, count: 10))
        for i in 0..<10 {
            let column = (0..<37).map { Double(x.scalars[(i / 5 * 37 + $0) * 5 + i % 5]) }
            let mean = column.reduce(0, +) / 37
            let deviations = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            #expect(abs(whole.means[i] - mean) < 1e-5 && abs(pieces.means[i] - mean) < 1e-5)
            #expect(abs(whole.squaredDeviations[i] - deviations) < 1e-4 * deviations)
            #expect(abs(pieces.squaredDeviations[i] - deviations) < 1e-4 * deviations)
        }
    }
}
