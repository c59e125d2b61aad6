import ProceduralImages
import Tensors
import Testing

@Suite struct RandomDrawsTests {
    @Test func drawsStayInTheirRanges() {
        var random = SeededGenerator(seed: 5)
        for _ in 0..<1000 {
            #expect((2.0..<3.0).contains(random.uniform(2, 3)))
            #expect((4...6).contains(random.integer(in: 4...6)))
            #expect((0..<(2 * Double.pi)).contains(random.angle()))
            #expect([-1.0, 1.0].contains(random.sign()))
            #expect(abs(random.gaussian(1)) <= 2 * 1.732_050_8)
        }
    }

    @Test func weightedPicksFollowTheWeights() {
        var random = SeededGenerator(seed: 8)
        var counts = [0, 0, 0]
        for _ in 0..<6000 { counts[random.pick([(0, 1.0), (1, 2.0), (2, 0.0)])] += 1 }
        #expect(counts[2] == 0, "a zero weight is never picked")
        #expect(abs(Double(counts[1]) / Double(counts[0]) - 2) < 0.2, "counts \(counts)")
        #expect(random.weightedIndex([0, 0, 5]) == 2)
    }
}
