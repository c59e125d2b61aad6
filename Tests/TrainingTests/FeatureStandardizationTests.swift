import Tensors
import Testing
import Training

@Suite struct FeatureStandardizationTests {
    /// Three rows, two columns: column 0 has mean 2 and deviation √(2/3); column 1 is constant
    /// (only centred: its deviation is taken as 1).
    static let features = Tensor(shape: [3, 2], scalars: [1, 5, 2, 5, 3, 5])

    @Test func measuresEachColumnAndStandardizesIt() throws {
        let standardization = try FeatureStandardization(features: Self.features)
        #expect(standardization.mean == [2, 5])
        #expect(abs(standardization.deviation[0] - (2.0 / 3.0).squareRoot()) < 1e-6)
        #expect(standardization.deviation[1] == 1)
        let standardized = standardization.apply(Self.features)
        let expected: [Float] = [-1.2247449, 0, 0, 0, 1.2247449, 0]
        for (value, want) in zip(standardized.scalars, expected) { #expect(abs(value - want) < 1e-5) }
    }

    @Test func theFoldedHeadGivesTheSameLogitsOnRawFeatures() throws {
        let standardization = try FeatureStandardization(features: Self.features)
        let head = try DenseHead(weights: Tensor(shape: [2, 3], scalars: [0.5, -1, 2, 0.25, 0, -0.5]),
                                 bias: Tensor(shape: [3], scalars: [0.1, 0.2, -0.3]))
        let onStandardized = try head.logits(standardization.apply(Self.features))
        let folded = try standardization.fold(into: head)
        let onRaw = try folded.logits(Self.features)
        #expect(onRaw.shape == [3, 3])
        for (a, b) in zip(onRaw.scalars, onStandardized.scalars) { #expect(abs(a - b) < 1e-5, "\(a) vs \(b)") }
    }

    @Test func emptyFeaturesAreAnError() {
        #expect(throws: TrainingError.self) { try FeatureStandardization(features: Tensor(shape: [0, 2], scalars: [])) }
    }
}
