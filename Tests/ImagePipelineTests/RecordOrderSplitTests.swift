import Foundation
import ImagePipeline
import Testing
import TestSupport

/// The `split=tfds` rule against tfds' own code: the fixture was written by
/// `scripts/tfds-split-fixture.py` (tfds' Shuffler and percent slicing) over the 200 sample photos.
@Suite struct RecordOrderSplitTests {
    static let fixture = SharedFixtures.repositoryRoot
        .appendingPathComponent("Tests/ImagePipelineTests/Fixtures/tfds-split-flowers-sample.csv")

    /// (key, subset) in tfds' record order.
    static func expected() throws -> [(key: String, subset: String)] {
        let lines = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n").dropFirst()
        return lines.map { line in
            let fields = line.split(separator: ",").map(String.init)
            return (fields[1], fields[2])
        }
    }

    @Test func recordOrderAndSlicesEqualTFDSOnTheSamplePhotoNames() throws {
        let expected = try Self.expected()
        #expect(expected.count == 200)
        // Any input order: the listing order of the lesson's dataset is sorted, so shuffle it here.
        let keys = expected.map(\.key).sorted()
        let split = RecordOrderSplit(keys: keys)
        #expect(split.order.map { keys[$0] } == expected.map(\.key))
        let train = split.indices(lowerPercent: 0, upperPercent: 85).map { keys[$0] }
        let validation = split.indices(lowerPercent: 85, upperPercent: 100).map { keys[$0] }
        #expect(train == expected.filter { $0.subset == "train" }.map(\.key))
        #expect(validation == expected.filter { $0.subset == "validation" }.map(\.key))
        #expect(train.count == 170 && validation.count == 30)
    }

    @Test func percentBoundariesRoundHalfToEvenAsPython() {
        // tf_flowers: 85% of 3,670 = 3,119.5 → 3,120 (3,120 train / 550 validation, as the Keras lesson).
        #expect(RecordOrderSplit.boundary(percent: 85, count: 3670) == 3120)
        #expect(RecordOrderSplit.boundary(percent: 50, count: 5) == 2)    // 2.5 → 2
        #expect(RecordOrderSplit.boundary(percent: 50, count: 7) == 4)    // 3.5 → 4
        #expect(RecordOrderSplit.boundary(percent: 85, count: 200) == 170)
    }

    @Test func theHashIsMD5OfSaltThenKeyBigEndian() {
        // md5("train" + "daisy/a.jpg"), as hashlib computes it.
        let bytes = RecordOrderSplit.hash(salt: "train", key: "daisy/a.jpg")
        #expect(bytes.map { String(format: "%02x", $0) }.joined() == Self.md5Hex)
    }

    static let md5Hex = "9cf0905ce1194e72d7a3ee2fc9204238"
}
