import Tensors
import Testing
import Training

@Suite struct MixUpTests {
    /// Beta(a, b) has mean a / (a + b) and variance ab / ((a + b)² (a + b + 1)).
    @Test(arguments: [(0.1, 0.1), (2.0, 5.0)])
    func betaDrawsHaveTheRightMoments(a: Double, b: Double) {
        var generator = SeededGenerator(seed: 99)
        let samples = (0..<20_000).map { _ in MixUp.sampleBeta(a, b, using: &generator) }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        let expectedMean = a / (a + b)
        let expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1))
        #expect(samples.allSatisfy { (0...1).contains($0) })
        #expect(abs(mean - expectedMean) < 0.01)
        #expect(abs(variance - expectedVariance) < 0.01)
    }

    @Test func mixesFeaturesAndTargetsWithThePartner() throws {
        let features = Tensor(shape: [2, 2], scalars: [1, 2, 10, 20])
        let mixed = try MixUp(alpha: 0.1).mix(features: features, labels: [0, 2], classCount: 3,
                                              lambda: 0.75, partner: [1, 0])
        #expect(mixed.features.scalars == [3.25, 6.5, 7.75, 15.5])
        #expect(mixed.targets.scalars == [0.75, 0, 0.25, 0.25, 0, 0.75])
    }
}
