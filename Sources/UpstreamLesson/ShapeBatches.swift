import Foundation
import NetworkTraining
import SyntheticShapes
import Tensors

/// The shapes upstream data: an endless stream of synthetic-shapes batches, each a pure
/// function of (seed, step), and a fixed validation set drawn from a second generator
/// (another seed), so no validation image is ever a training image.
struct ShapeBatches: UpstreamBatches {
    let training: SyntheticShapes
    let validation: SyntheticShapes
    let batchSize: Int
    let validationImagesPerClass: Int

    /// The seed of the validation generator is derived from the training seed.
    init(seed: UInt64, imageSize: Int, batchSize: Int, validationImagesPerClass: Int) throws {
        training = try SyntheticShapes(seed: seed, imageSize: imageSize)
        validation = try SyntheticShapes(seed: seed ^ 0x5641_4C49_4441_5445, imageSize: imageSize)
        self.batchSize = batchSize
        self.validationImagesPerClass = validationImagesPerClass
    }

    var classCount: Int { SyntheticShapes.classNames.count }
    var validationCount: Int { classCount * validationImagesPerClass }

    /// The batch of optimizer step `step`: uniformly random classes, each image a new sample.
    func batch(step: Int) throws -> LabelledBatch {
        var random = SeededGenerator.derived(seed: training.seed, stream: UInt64(step))
        let labels = (0..<batchSize).map { _ in random.nextInt(below: classCount) }
        let samples = (0..<batchSize).map { step * batchSize + $0 }
        return LabelledBatch(images: try training.batch(classIndices: labels, sampleIndices: samples), labels: labels)
    }

    /// Validation images `range` (class-major: image i is sample i mod n of class i / n).
    func validationBatch(_ range: Range<Int>) throws -> LabelledBatch {
        let labels = range.map { $0 / validationImagesPerClass }
        let samples = range.map { $0 % validationImagesPerClass }
        return LabelledBatch(images: try validation.batch(classIndices: labels, sampleIndices: samples), labels: labels)
    }
}
