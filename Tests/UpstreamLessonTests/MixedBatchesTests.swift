import Testing
@testable import UpstreamLesson

/// Shapes and dead leaves in one stream: halves, label ranges and the joined validation set.
@Suite struct MixedBatchesTests {
    @Test func everyBatchIsHalfShapesThenHalfDeadLeavesWithShiftedLabels() throws {
        let mixed = try MixedBatches(seed: 8, imageSize: 24, batchSize: 7, validationImagesPerClass: 1, exemplars: 5)
        #expect(mixed.classCount == 56 + 5 && mixed.validationCount == 56 + 5)
        let batch = try mixed.batch(step: 3)
        #expect(batch.images.shape == [7, 24, 24, 3])
        let shapes = try mixed.shapes.batch(step: 3), leaves = try mixed.leaves.batch(step: 3)
        #expect(shapes.labels.count == 3 && leaves.labels.count == 4)
        #expect(batch.labels == shapes.labels + leaves.labels.map { $0 + 56 })
        #expect(batch.images.scalars == shapes.images.scalars + leaves.images.scalars)
        #expect(batch.labels.prefix(3).allSatisfy { $0 < 56 } && batch.labels.suffix(4).allSatisfy { (56..<61).contains($0) })
    }

    @Test func validationIsTheShapesHeldOutImagesThenOneViewOfEveryImage() throws {
        let mixed = try MixedBatches(seed: 8, imageSize: 24, batchSize: 4, validationImagesPerClass: 1, exemplars: 5)
        let across = try mixed.validationBatch(54..<59)
        #expect(across.labels == [54, 55, 56, 57, 58])
        let shapesPart = try mixed.shapes.validationBatch(54..<56), leavesPart = try mixed.leaves.validationBatch(0..<3)
        #expect(across.images.scalars == shapesPart.images.scalars + leavesPart.images.scalars)
        #expect(try mixed.validationBatch(57..<61).labels == [57, 58, 59, 60])
        #expect(try mixed.validationBatch(0..<2).labels == [0, 1])
    }

    @Test func aBatchOfOneCannotBeSplitAndSaysSo() {
        do {
            _ = try MixedBatches(seed: 1, imageSize: 24, batchSize: 1, validationImagesPerClass: 1, exemplars: 2)
            Issue.record("a batch of one was accepted")
        } catch {
            #expect("\(error)".contains("batch_size (1) must be at least 2"))
        }
    }
}
