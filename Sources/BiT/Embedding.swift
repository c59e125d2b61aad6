import Tensors

// Shape legend: images [N, H, W, 3] in [0, 1]; output [N, F] pre-logits or [N, classes] logits.

/// Why images could not be embedded.
public enum EmbeddingError: Error, CustomStringConvertible, Equatable, Sendable {
    case notImages(shape: [Int])
    case valuesOutOfRange(minimum: Float, maximum: Float)
    case noHead
    case invalidBatchSize(Int)
    /// A NaN or infinite pixel (the first at flat `index`): [0, 1] comparisons let NaN through.
    case nonFinite(index: Int, value: Float)
    /// The batch's forward pass would not fit in memory.
    case overBudget(MemoryBudgetError)

    public var description: String {
        switch self {
        case let .notImages(shape):
            return "expected images as an NHWC array [N, H, W, 3] with N, H, W > 0, got shape \(shape)"
        case let .valuesOutOfRange(minimum, maximum):
            return "expected pixel values in [0, 1], found [\(minimum), \(maximum)]; divide 8-bit images by 255"
        case .noHead:
            return "the checkpoint has no head (resnet/head/conv2d); ask for pre-logits instead of logits"
        case let .invalidBatchSize(size):
            return "batch size must be at least 1, got \(size)"
        case let .nonFinite(index, value):
            return "element \(index) is \(value); every pixel must be a number in [0, 1]: replace the NaN or "
                + "infinite values (numpy.nan_to_num) or regenerate the array"
        case let .overBudget(error):
            return error.description
        }
    }
}

/// The model as a feature extractor over many images, a batch at a time.
public enum Embedding {
    /// Pre-logits (or, with `logits`, the head's outputs) of `images`, computed in
    /// batches of `batchSize`; `progress(done, total)` is called after every batch.
    public static func embed(_ images: Tensor, with model: ResNetV2, batchSize: Int = 16, logits: Bool = false,
                             progress: ((Int, Int) -> Void)? = nil) throws -> Tensor {
        try validate(images)
        guard batchSize >= 1 else { throw EmbeddingError.invalidBatchSize(batchSize) }
        do {
            try MemoryBudgetError.check(
                model.architecture.forwardMemoryBytes(batch: min(batchSize, images.shape[0]), height: images.shape[1],
                                                width: images.shape[2]),
                work: "a forward pass over \(min(batchSize, images.shape[0])) images of "
                    + "\(images.shape[1])x\(images.shape[2])",
                fix: "use a smaller batch or smaller images")
        } catch let error as MemoryBudgetError {
            throw EmbeddingError.overBudget(error)
        }
        guard !logits || model.head != nil else { throw EmbeddingError.noHead }
        let total = images.shape[0], imageCount = images.count / total
        var rows: [Float] = []
        var width = 0
        for start in stride(from: 0, to: total, by: batchSize) {
            let end = min(start + batchSize, total)
            let batch = Tensor(shape: [end - start] + images.shape.dropFirst(),
                               scalars: Array(images.scalars[start * imageCount ..< end * imageCount]))
            let output = logits ? model.logits(batch)! : model.features(batch)
            width = output.shape[1]
            rows += output.scalars
            progress?(end, total)
        }
        return Tensor(shape: [total, width], scalars: rows)
    }

    /// Checks that `images` is [N, H, W, 3] with values in [0, 1].
    public static func validate(_ images: Tensor) throws {
        guard images.rank == 4, images.shape[3] == 3, images.shape.prefix(3).allSatisfy({ $0 > 0 }) else {
            throw EmbeddingError.notImages(shape: images.shape)
        }
        if let index = images.scalars.firstIndex(where: { !$0.isFinite }) {
            throw EmbeddingError.nonFinite(index: index, value: images.scalars[index])
        }
        let minimum = images.scalars.min()!, maximum = images.scalars.max()!
        guard minimum >= 0, maximum <= 1 else {
            throw EmbeddingError.valuesOutOfRange(minimum: minimum, maximum: maximum)
        }
    }
}
