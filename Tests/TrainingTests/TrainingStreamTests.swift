import Testing
import Training

@Suite struct TrainingStreamTests {
    @Test func passesArePermutationsBatchedAcrossTheirBoundaries() {
        var stream = TrainingStream(imageCount: 10, seed: 1)
        let batches = (0..<5).map { _ in stream.nextBatch(size: 4) }
        let draws = batches.flatMap { $0 }
        #expect(draws.count == 20)
        // Draws 0-9 are pass 0, 10-19 pass 1; the third batch straddles them.
        #expect(Set(draws[0..<10].map(\.image)) == Set(0..<10))
        #expect(Set(draws[10..<20].map(\.image)) == Set(0..<10))
        #expect(draws[0..<10].allSatisfy { $0.appearance == 0 })
        #expect(draws[10..<20].allSatisfy { $0.appearance == 1 })
        #expect(batches[2].map(\.appearance) == [0, 0, 1, 1])
        // Each pass is reshuffled.
        #expect(draws[0..<10].map(\.image) != draws[10..<20].map(\.image))
    }

    @Test func theSeedFixesTheOrder() {
        var a = TrainingStream(imageCount: 50, seed: 7), b = TrainingStream(imageCount: 50, seed: 7)
        var c = TrainingStream(imageCount: 50, seed: 8)
        let first = a.nextBatch(size: 64)
        #expect(first == b.nextBatch(size: 64))
        #expect(first != c.nextBatch(size: 64))
    }

    /// The order of a fixed stream, pinned: the head trainer's batches before the stream became
    /// random-access.
    @Test func aFixedStreamGivesItsPinnedDraws() {
        var stream = TrainingStream(imageCount: 7, seed: 42)
        let images = (0..<4).map { _ in stream.nextBatch(size: 5).map(\.image) }
        #expect(images == [[2, 4, 5, 3, 0], [6, 1, 0, 1, 2], [4, 5, 3, 6, 3], [5, 4, 6, 0, 1]], "\(images)")
    }
}
