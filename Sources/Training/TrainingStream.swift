import Tensors

/// One image drawn into a training batch: which image, and how many times it had been
/// drawn before (0 in the first pass over the training set, 1 in the second, ...).
public struct TrainingDraw: Hashable, Sendable {
    /// The index of the image in the training set.
    public let image: Int
    /// The number of earlier appearances of this image in the stream.
    public let appearance: Int
}

/// The endless stream of training draws: shuffled passes over the training set, concatenated
/// and cut into consecutive batches, so a batch may straddle two passes. As the lesson's input
/// pipeline feeds images: `train_ds.shuffle(10000).repeat(...).batch(64)` in the Keras example.
///
/// The shuffle buffer (10,000) holds the whole training set (3,119 images), so each pass is
/// a uniform permutation, reshuffled on every pass (`reshuffle_each_iteration` is TF's
/// default). Every image appears exactly once per pass, so an image's appearance count is the
/// index of the pass it is drawn in.
///
/// Any draw is a pure function of the pass order and its index: batch `step` can be drawn
/// without the batches before it, so a resumed run draws exactly what an uninterrupted one would.
public struct TrainingStream: Sendable {
    /// How the passes are shuffled.
    public enum PassOrder: Sendable, Equatable {
        /// One generator, stream 0x5348_5546 ("SHUF") of the seed, shuffles pass after pass
        /// (the head trainer's order).
        case continued(seed: UInt64)
        /// Pass p is shuffled by its own generator, stream p of the seed (whole-network fine-tuning's
        /// order; the caller mixes its own label into the seed).
        case independent(seed: UInt64)
    }

    /// The number of training images.
    public let imageCount: Int
    /// How the passes are shuffled.
    public let passOrder: PassOrder

    /// A stream whose passes are shuffled in `passOrder`.
    public init(imageCount: Int, passOrder: PassOrder) {
        precondition(imageCount > 0, "a training stream needs at least one image")
        self.imageCount = imageCount
        self.passOrder = passOrder
    }

    /// The head trainer's stream: one generator from `seed` shuffles pass after pass.
    public init(imageCount: Int, seed: UInt64) {
        self.init(imageCount: imageCount, passOrder: .continued(seed: seed))
    }

    /// The draws of batch `step` (0-based) when the stream is cut into batches of `size`.
    public func batch(_ step: Int, size: Int) -> [TrainingDraw] {
        draws(step * size ..< (step + 1) * size)
    }

    /// Draws `range` of the stream (draw n is the n-th image of the endless stream).
    public func draws(_ range: Range<Int>) -> [TrainingDraw] {
        precondition(range.lowerBound >= 0, "draws are counted from 0")
        var result: [TrainingDraw] = []
        result.reserveCapacity(range.count)
        var pass = -1, order: [Int] = []
        for draw in range {
            if draw / imageCount != pass {
                pass = draw / imageCount
                order = self.order(ofPass: pass)
            }
            result.append(TrainingDraw(image: order[draw % imageCount], appearance: pass))
        }
        return result
    }

    /// The images of pass `pass` (0-based), in the order they are drawn.
    public func order(ofPass pass: Int) -> [Int] {
        var order = Array(0..<imageCount)
        var generator: SeededGenerator
        switch passOrder {
        case .continued(let seed):
            // A shuffle of n images takes n - 1 draws: pass p starts p·(n - 1) draws in.
            generator = SeededGenerator.derived(seed: seed, stream: 0x5348_5546)
            generator.skip(UInt64(pass) &* UInt64(imageCount - 1))
        case .independent(let seed):
            generator = SeededGenerator.derived(seed: seed, stream: UInt64(pass))
        }
        generator.shuffle(&order)
        return order
    }
}
