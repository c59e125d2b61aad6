// Shape legend: batches are NHWC (N images, H rows, W columns, C = 3 channels).
import Foundation
import Tensors

/// A batch of preprocessed images with their labels.
public struct ImageBatch: Sendable {
    /// The images, [N, H, W, 3], values in [0, 1].
    public let images: Tensor
    /// The label of each image.
    public let labels: [Int]
    /// The dataset item index of each image.
    public let indices: [Int]
    /// The augmentation of each image (training batches), or nil (test batches).
    public let views: [AugmentationView]?

    /// The number of images.
    public var count: Int { labels.count }

    /// Image `slot` of the batch (for figures such as the lesson's 5x5 grid).
    public func image(at slot: Int) -> FloatImage {
        let side = images.shape[1], floats = side * side * 3
        return FloatImage(width: side, height: side,
                          values: Array(images.scalars[(slot * floats)..<((slot + 1) * floats)]))
    }
}

/// Turns a dataset's items into batches, decoding and preprocessing each batch on all
/// cores, a producer thread a few batches ahead of the consumer.
///
/// A file that fails to decode is left out of its batch (which is then smaller) and
/// listed in `failures` with its reason; it never stops the run.
public final class BatchLoader: @unchecked Sendable {
    /// The images.
    public let dataset: ImageFolderDataset
    /// Resize, crop and flip sizes.
    public let plan: AugmentationPlan
    /// Images per batch (the last batch of an epoch may be smaller).
    public let batchSize: Int
    /// Decoded images kept between epochs, when given.
    public let cache: DecodedImageCache?
    /// Batches prepared ahead of the consumer.
    public let prefetch: Int
    /// Files skipped so far.
    public let failures = DecodeFailureLog()

    public init(dataset: ImageFolderDataset, plan: AugmentationPlan, batchSize: Int,
                cache: DecodedImageCache? = nil, prefetch: Int = 2) {
        precondition(batchSize > 0, "batch size must be positive")
        self.dataset = dataset
        self.plan = plan
        self.batchSize = batchSize
        self.cache = cache
        self.prefetch = prefetch
    }

    /// The training batches of one epoch: `indices` shuffled by (`seed`, `epoch`), each
    /// image augmented with view `viewIndex` (default: the epoch) of the plan.
    public func trainBatches(indices: [Int], seed: UInt64, epoch: Int, viewIndex: Int? = nil) -> BatchSequence {
        var order = indices
        var generator = SeededGenerator.derived(seed: seed, stream: 0xE90C_0000 &+ UInt64(epoch))
        generator.shuffle(&order)
        let view = viewIndex ?? epoch
        let chunks = Self.chunks(order, size: batchSize)
        let queue = PrefetchQueue(count: chunks.count, capacity: prefetch) { [self] i in
            let views = chunks[i].map { plan.view(seed: seed, imageIndex: $0, viewIndex: view) }
            return batch(indices: chunks[i], views: views)
        }
        return BatchSequence(queue: queue)
    }

    /// The test batches of `indices`, in order, without augmentation.
    public func testBatches(indices: [Int]) -> BatchSequence {
        let chunks = Self.chunks(indices, size: batchSize)
        let queue = PrefetchQueue(count: chunks.count, capacity: prefetch) { [self] i in
            batch(indices: chunks[i], views: nil)
        }
        return BatchSequence(queue: queue)
    }

    /// One batch, made now on all cores: training preprocessing when `views` are given
    /// (one per index), test preprocessing otherwise.
    public func batch(indices: [Int], views: [AugmentationView]?) -> ImageBatch {
        precondition(views == nil || views!.count == indices.count, "one view per image")
        let decoded = ImageDecoder.decodeAll(indices.map { dataset.items[$0].url }, cache: cache)
        var kept: [Int] = [], images: [RGBImage] = []
        for (slot, result) in decoded.enumerated() {
            switch result {
            case .success(let image):
                kept.append(slot)
                images.append(image)
            case .failure(let error):
                failures.record(index: indices[slot], error: error)
            }
        }
        let keptViews = views.map { views in kept.map { views[$0] } }
        return ImageBatch(images: plan.batch(images, views: keptViews),
                          labels: kept.map { dataset.items[indices[$0]].label },
                          indices: kept.map { indices[$0] },
                          views: keptViews)
    }

    static func chunks(_ indices: [Int], size: Int) -> [[Int]] {
        stride(from: 0, to: indices.count, by: size).map { Array(indices[$0..<min($0 + size, indices.count)]) }
    }
}

/// The batches of one pass, made ahead by a producer thread. Iterate it once; stopping
/// early (break), or dropping it unread, stops the producer.
public final class BatchSequence: Sequence {
    fileprivate let queue: PrefetchQueue<ImageBatch>

    fileprivate init(queue: PrefetchQueue<ImageBatch>) { self.queue = queue }

    public func makeIterator() -> Iterator { Iterator(sequence: self) }

    deinit { queue.cancel() }

    public struct Iterator: IteratorProtocol {
        // Holding the sequence keeps the producer running while the iterator lives.
        private let sequence: BatchSequence

        fileprivate init(sequence: BatchSequence) { self.sequence = sequence }

        public func next() -> ImageBatch? { sequence.queue.next() }
    }
}
