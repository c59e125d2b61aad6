import Tensors

/// One image drawn into a training batch: which image, and how many times it had been
/// drawn before (0 in the first pass over the training set, 1 in the second, ...).
public struct TrainingDraw: Hashable, Sendable {
    /// The index of the image in the training set.
    public let image: Int
    /// The number of earlier appearances of this image in the stream.
    public let appearance: Int
}

/// The order in which the lesson's input pipeline feeds training images:
/// `train_ds.shuffle(10000).repeat(...).batch(64)` in the Keras example.
///
/// The shuffle buffer (10,000) holds the whole training set (3,119 images), so each pass is
/// a uniform permutation, reshuffled on every pass (`reshuffle_each_iteration` is TF's
/// default); `repeat` concatenates the passes and `batch` cuts the stream into consecutive
/// batches, so a batch may straddle two passes. Every image appears exactly once per pass,
/// so an image's appearance count is the index of the pass it is drawn in.
public struct TrainingStream: Sendable {
    /// The number of training images.
    public let imageCount: Int
    private var generator: SeededGenerator
    private var order: [Int] = []
    private var position = 0
    /// The index of the pass the next draw comes from (0-based).
    public private(set) var pass = -1

    /// Stream 0x5348_5546 ("SHUF") of `seed` orders the passes.
    public init(imageCount: Int, seed: UInt64) {
        precondition(imageCount > 0, "a training stream needs at least one image")
        self.imageCount = imageCount
        generator = SeededGenerator.derived(seed: seed, stream: 0x5348_5546)
    }

    /// The next `size` draws, continuing across pass boundaries.
    public mutating func nextBatch(size: Int) -> [TrainingDraw] {
        (0..<size).map { _ in nextDraw() }
    }

    private mutating func nextDraw() -> TrainingDraw {
        if position == order.count { startPass() }
        defer { position += 1 }
        return TrainingDraw(image: order[position], appearance: pass)
    }

    private mutating func startPass() {
        order = Array(0..<imageCount)
        generator.shuffle(&order)
        position = 0
        pass += 1
    }
}
