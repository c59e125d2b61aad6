import BiT
import NetworkTraining
import Tensors

/// Both upstream tasks in every step: the first half of each batch is synthetic shapes (labels
/// 0..<56), the second half views of dead-leaves images (labels 56 and up), one head over all
/// their classes. Validation is the shapes' held-out images followed by one view of every
/// dead-leaves image.
struct MixedBatches: UpstreamBatches {
    let shapes: ShapeBatches
    let leaves: ExemplarBatches

    /// The dead-leaves half draws from its own seed, so its draws are not the shapes half's.
    static let leavesSeedSalt: UInt64 = 0x4D49_5845_4448_4C46

    init(seed: UInt64, imageSize: Int, batchSize: Int, validationImagesPerClass: Int, exemplars: Int) throws {
        guard batchSize >= 2 else {
            throw UpstreamError.invalidSetting(
                "with upstream = shapes+dead-leaves, batch_size (\(batchSize)) must be at least 2: half of every batch "
                    + "is shapes, half dead leaves.")
        }
        shapes = try ShapeBatches(seed: seed, imageSize: imageSize, batchSize: Self.shapesPerBatch(batchSize),
                                  validationImagesPerClass: validationImagesPerClass)
        leaves = try ExemplarBatches(seed: seed ^ Self.leavesSeedSalt, imageSize: imageSize,
                                     batchSize: batchSize - Self.shapesPerBatch(batchSize), exemplars: exemplars)
    }

    /// Shapes images in a batch of `batchSize`; the rest are dead-leaves views.
    static func shapesPerBatch(_ batchSize: Int) -> Int { batchSize / 2 }

    var classCount: Int { shapes.classCount + leaves.classCount }
    var validationCount: Int { shapes.validationCount + leaves.validationCount }

    func batch(step: Int) throws -> LabelledBatch {
        concatenated([try shapes.batch(step: step), shifted(try leaves.batch(step: step))])
    }

    func validationBatch(_ range: Range<Int>) throws -> LabelledBatch {
        let split = shapes.validationCount
        var parts: [LabelledBatch] = []
        let first = range.clamped(to: 0..<split), second = range.clamped(to: split..<validationCount)
        if !first.isEmpty { parts.append(try shapes.validationBatch(first)) }
        if !second.isEmpty {
            parts.append(shifted(try leaves.validationBatch((second.lowerBound - split)..<(second.upperBound - split))))
        }
        return concatenated(parts)
    }

    /// The network's validation loss and accuracy on each task's held-out images alone, in the
    /// joint head (a shapes image taken for a dead-leaves image counts as wrong).
    func evaluationByTask(_ model: ResNetV2, batchSize: Int,
                          check: () throws -> Void) throws -> (shapes: NetworkEvaluation, leaves: NetworkEvaluation) {
        let split = shapes.validationCount
        let onShapes = try NetworkEvaluation.measure(model, count: split, batchSize: batchSize) { range in
            try check()
            return try validationBatch(range)
        }
        let onLeaves = try NetworkEvaluation.measure(model, count: validationCount - split, batchSize: batchSize) { range in
            try check()
            return try validationBatch((range.lowerBound + split)..<(range.upperBound + split))
        }
        return (onShapes, onLeaves)
    }

    /// Dead-leaves labels moved past the shapes classes.
    private func shifted(_ batch: LabelledBatch) -> LabelledBatch {
        LabelledBatch(images: batch.images, labels: batch.labels.map { $0 + shapes.classCount })
    }

    /// The batches one after another.
    private func concatenated(_ parts: [LabelledBatch]) -> LabelledBatch {
        let side = leaves.imageSize
        return LabelledBatch(images: Tensor(shape: [parts.reduce(0) { $0 + $1.labels.count }, side, side, 3],
                                            scalars: parts.flatMap(\.images.scalars)),
                             labels: parts.flatMap(\.labels))
    }
}
