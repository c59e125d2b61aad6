import NetworkTraining
import SyntheticShapes
import Testing
@testable import UpstreamLesson

/// The upstream stream: batches fixed by the step, validation images from another generator.
@Suite struct ShapeBatchesTests {
    @Test func aStepAlwaysGivesTheSameBatchAndStepsDiffer() throws {
        let batches = try ShapeBatches(seed: 5, imageSize: 32, batchSize: 6, validationImagesPerClass: 2)
        let a = try batches.batch(step: 3), b = try batches.batch(step: 3), c = try batches.batch(step: 4)
        #expect(a.images.shape == [6, 32, 32, 3])
        #expect(a.images.scalars == b.images.scalars && a.labels == b.labels)
        #expect(a.images.scalars != c.images.scalars)
        #expect(a.labels.allSatisfy { (0..<SyntheticShapes.classNames.count).contains($0) })
        #expect(a.images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func validationIsClassMajorAndDrawnByAnotherGenerator() throws {
        let batches = try ShapeBatches(seed: 5, imageSize: 32, batchSize: 4, validationImagesPerClass: 3)
        #expect(batches.validationCount == 3 * 56)
        let part = try batches.validationBatch(2..<5)
        #expect(part.labels == [0, 1, 1])
        // Sample 2 of class 0 from the validation generator differs from the training generator's.
        let training = try batches.training.render(classIndex: 0, sampleIndex: 2)
        let validation = try batches.validation.render(classIndex: 0, sampleIndex: 2)
        #expect(training.rgb != validation.rgb)
        #expect(part.images.scalars.prefix(32 * 32 * 3).elementsEqual(validation.rgb.map { Float($0) / 255 }))
    }
}
