import Tensors
import Testing
import Training

@Suite struct TrainingStreamTests {
    @Test func passesArePermutationsBatchedAcrossTheirBoundaries() {
        let stream = TrainingStream(imageCount: 10, seed: 1)
        let batches = (0..<5).map { stream.batch($0, size: 4) }
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
        let a = TrainingStream(imageCount: 50, seed: 7), b = TrainingStream(imageCount: 50, seed: 7)
        let c = TrainingStream(imageCount: 50, seed: 8)
        let first = a.batch(0, size: 64)
        #expect(first == b.batch(0, size: 64))
        #expect(first != c.batch(0, size: 64))
    }

    /// The order of a fixed stream, pinned: the head trainer's batches before the stream became
    /// random-access (when it drew batch after batch from one generator).
    @Test func aFixedStreamGivesItsPinnedDraws() {
        let stream = TrainingStream(imageCount: 7, seed: 42)
        let images = (0..<4).map { stream.batch($0, size: 5).map(\.image) }
        #expect(images == [[2, 4, 5, 3, 0], [6, 1, 0, 1, 2], [4, 5, 3, 6, 3], [5, 4, 6, 0, 1]], "\(images)")
    }

    /// The continued order is one generator shuffling pass after pass: drawn in one go, the
    /// passes are those of a generator that shuffles them in turn.
    @Test func continuedPassesAreOneGeneratorsSuccessiveShuffles() {
        for count in [1, 2, 5, 13] {
            var generator = SeededGenerator.derived(seed: 9, stream: 0x5348_5546)
            let stream = TrainingStream(imageCount: count, passOrder: .continued(seed: 9))
            for pass in 0..<6 {
                var order = Array(0..<count)
                generator.shuffle(&order)
                #expect(stream.order(ofPass: pass) == order, "pass \(pass) of \(count)")
            }
        }
    }

    /// The independent order (fine-tuning's): pass p is shuffled by stream p of the seed alone.
    @Test func independentPassesEachHaveTheirOwnGenerator() {
        let stream = TrainingStream(imageCount: 11, passOrder: .independent(seed: 5))
        for pass in [0, 1, 7] {
            var order = Array(0..<11)
            var generator = SeededGenerator.derived(seed: 5, stream: UInt64(pass))
            generator.shuffle(&order)
            #expect(stream.order(ofPass: pass) == order)
        }
        #expect(stream.draws(22..<25).map(\.appearance) == [2, 2, 2])
        #expect(stream.draws(22..<25).map(\.image) == Array(stream.order(ofPass: 2).prefix(3)))
    }

    /// Resume: any batch is drawn without the ones before it, and the draws of a range are
    /// those of the whole stream at those positions.
    @Test func aBatchIsAPureFunctionOfItsStep() {
        for order in [TrainingStream.PassOrder.continued(seed: 3), .independent(seed: 3)] {
            let stream = TrainingStream(imageCount: 9, passOrder: order)
            let all = stream.draws(0..<60)
            #expect(stream.batch(7, size: 4) == Array(all[28..<32]))
            #expect(TrainingStream(imageCount: 9, passOrder: order).draws(41..<47) == Array(all[41..<47]))
        }
    }
}
