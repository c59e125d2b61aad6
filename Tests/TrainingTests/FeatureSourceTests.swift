import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite struct FeatureSourceTests {
    let labels = cyclicLabels(count: 10, classes: 3)
    func items(_ pairs: [(Int, Int)]) -> [FeatureItem] { pairs.map { FeatureItem(image: $0.0, view: $0.1) } }

    @Test func missesAreComputedOnceInBatchesThenServedFromTheStore() throws {
        let backbone = SyntheticBackbone(labels: labels)
        let source = FeatureSource(mode: .cached(FeatureStore(inMemoryKey: "k")), computeBatchSize: 2,
                                   compute: backbone.features)
        let request = items([(0, 0), (1, 0), (0, 0), (2, 1), (3, 0)])
        let first = try source.features(for: request)
        // Four distinct misses (the repeated item once), two per call.
        #expect(backbone.computedItems == items([(0, 0), (1, 0), (2, 1), (3, 0)]))
        #expect(backbone.calls == 2)
        #expect(source.counts == FeatureCounts(hits: 1, misses: 4, computeCalls: 2))
        #expect(first == backbone.features(request))

        let second = try source.features(for: items([(3, 0), (2, 1), (4, 0)]))
        #expect(source.counts == FeatureCounts(hits: 3, misses: 5, computeCalls: 3))
        #expect(Array(second.scalars[0..<8]) == Array(first.scalars[32..<40]))
    }

    @Test func aSecondRunOnTheSameKeyComputesNothingAndAnotherKeyRecomputes() throws {
        let root = SharedFixtures.temporaryDirectory("features")
        defer { try? FileManager.default.removeItem(at: root) }
        let request = items([(0, 0), (1, 1), (2, 0)])
        let firstBackbone = SyntheticBackbone(labels: labels)
        let first = FeatureSource(mode: .cached(try FeatureStore(root: root, key: "weightsA-384")),
                                  compute: firstBackbone.features)
        let expected = try first.features(for: request)
        #expect(first.counts.misses == 3)

        let secondBackbone = SyntheticBackbone(labels: labels)
        let second = FeatureSource(mode: .cached(try FeatureStore(root: root, key: "weightsA-384")),
                                   compute: secondBackbone.features)
        #expect(try second.features(for: request) == expected)
        #expect(secondBackbone.calls == 0)
        #expect(second.counts == FeatureCounts(hits: 3, misses: 0, computeCalls: 0))

        let otherBackbone = SyntheticBackbone(labels: labels)
        let other = FeatureSource(mode: .cached(try FeatureStore(root: root, key: "weightsB-384")),
                                  compute: otherBackbone.features)
        _ = try other.features(for: request)
        #expect(otherBackbone.computedItems == request)
    }

    @Test func faithfulModeAlwaysComputes() throws {
        let backbone = SyntheticBackbone(labels: labels)
        let source = FeatureSource(mode: .faithful, computeBatchSize: 64, compute: backbone.features)
        let request = items([(0, 0), (1, 0)])
        let a = try source.features(for: request)
        let b = try source.features(for: request)
        #expect(a == b)
        #expect(backbone.computedItems == request + request)
        #expect(source.counts == FeatureCounts(hits: 0, misses: 4, computeCalls: 2))
    }

    @Test func aClosureReturningTheWrongShapeIsReported() {
        let source = FeatureSource(mode: .cached(FeatureStore(inMemoryKey: "k"))) { _ in Tensor(zeros: [1, 4]) }
        #expect(throws: TrainingError.featureProviderMismatch(requested: 2, expectedWidth: nil, actual: [1, 4])) {
            try source.features(for: items([(0, 0), (1, 0)]))
        }
    }
}
