import Foundation
import NetworkTraining
import ProceduralImages
import SyntheticShapes
import Tensors

/// The dead-leaves upstream data: instance discrimination. Class k is one fixed dead-leaves
/// image (an "exemplar", drawn at three times the training side), and its examples are random
/// views of it (`ExemplarView`): to tell 2,000 such classes apart from crops as small as 2%
/// of an image, the network has to learn the colours, edges and textures the views share.
/// Batches are pure functions of (seed, step); validation holds one view of every exemplar,
/// drawn from another stream, so no validation view is a training view.
struct ExemplarBatches: UpstreamBatches {
    let exemplars: Int
    let imageSize: Int
    let exemplarSize: Int
    let batchSize: Int
    let seed: UInt64
    /// The exemplar images, `exemplarSize` x `exemplarSize` RGB bytes each, one after another.
    let pixels: [UInt8]

    static let exemplarScale = 3

    init(seed: UInt64, imageSize: Int, batchSize: Int, exemplars: Int) throws {
        self.exemplars = exemplars
        self.imageSize = imageSize
        self.batchSize = batchSize
        self.seed = seed
        exemplarSize = imageSize * Self.exemplarScale
        let bytes = exemplarSize * exemplarSize * 3
        try Self.check(imageSize: imageSize, exemplars: exemplars, bytes: bytes)
        let generator = try DeadLeaves(seed: seed, imageSize: exemplarSize)
        var pixels = [UInt8](repeating: 0, count: exemplars * bytes)
        let failures = WorkerProgress(total: exemplars)
        pixels.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            ComputeThreads.forEachSlice(of: exemplars) { indices in
                for index in indices where !failures.failed {
                    do {
                        let image = try generator.render(index: index)
                        image.rgb.withUnsafeBufferPointer { (base + index * bytes).update(from: $0.baseAddress!, count: bytes) }
                    } catch {
                        failures.fail(error)
                    }
                }
            }
        }
        if let error = failures.error { throw error }
        self.pixels = pixels
    }

    /// The images are kept in memory: at most this many bytes of them.
    static let memoryBudget = 4_000_000_000

    /// Throws a clear error for a size the generator cannot draw or a set that would not fit the budget.
    static func check(imageSize: Int, exemplars: Int, bytes: Int) throws {
        let largest = DeadLeaves.supportedSizes.upperBound / exemplarScale
        guard imageSize <= largest else {
            throw UpstreamError.invalidSetting(
                "with dead leaves, image_size (\(imageSize)) may be at most \(largest): the images are "
                    + "drawn at \(exemplarScale)x the training side, and the generator draws at most "
                    + "\(DeadLeaves.supportedSizes.upperBound) pixels.")
        }
        let total = exemplars.multipliedReportingOverflow(by: bytes)
        guard !total.overflow, total.partialValue <= memoryBudget else {
            throw UpstreamError.invalidSetting(String(
                format: "%d dead-leaves images of %dx%d pixels would take %.1f GB of memory (at most %.0f GB): "
                    + "lower exemplars or image_size.", exemplars, imageSize * exemplarScale, imageSize * exemplarScale,
                Double(exemplars) * Double(bytes) / 1e9, Double(memoryBudget) / 1e9))
        }
    }

    var classCount: Int { exemplars }
    var validationCount: Int { exemplars }

    func batch(step: Int) throws -> LabelledBatch {
        var random = SeededGenerator.derived(seed: seed, stream: UInt64(step))
        let labels = (0..<batchSize).map { _ in random.nextInt(below: exemplars) }
        return render(labels.map { _ in ExemplarView.random(side: exemplarSize, using: &random) }, of: labels)
    }

    /// Validation image i is a view of exemplar i, from a stream of its own: the same view however
    /// the validation set is cut into batches.
    func validationBatch(_ range: Range<Int>) throws -> LabelledBatch {
        let views = range.map { index in
            var random = SeededGenerator.derived(seed: seed ^ 0x5641_4C49_4441_5445, stream: UInt64(index))
            return ExemplarView.random(side: exemplarSize, using: &random)
        }
        return render(views, of: Array(range))
    }

    /// The exemplar `index`'s image.
    func exemplar(_ index: Int) -> ArraySlice<UInt8> {
        let bytes = exemplarSize * exemplarSize * 3
        return pixels[(index * bytes)..<((index + 1) * bytes)]
    }

    /// `drawn[i]` of exemplar `labels[i]`, for every i.
    private func render(_ drawn: [ExemplarView], of labels: [Int]) -> LabelledBatch {
        let floats = imageSize * imageSize * 3
        var images = [Float](repeating: 0, count: labels.count * floats)
        images.withUnsafeMutableBufferPointer { out in
            let base = out.baseAddress!
            ComputeThreads.forEachSlice(of: labels.count) { slice in
                for i in slice {
                    exemplar(labels[i]).withUnsafeBufferPointer { image in
                        drawn[i].render(image, side: exemplarSize, output: imageSize, into: base + i * floats)
                    }
                }
            }
        }
        return LabelledBatch(images: Tensor(shape: [labels.count, imageSize, imageSize, 3], scalars: images), labels: labels)
    }
}
