import Foundation
import ImagePipeline
import LessonKit
import Plotting
import Tensors

/// The lesson's images as the cells use them: decoded once per process (kept in a
/// memory-budgeted cache shared through the memo) and preprocessed into batches.
final class ImageSource {
    let dataset: Dataset
    let root: URL
    let cache: DecodedImageCache

    /// 128 MiB of decoded photos (about 550 tf_flowers photos of ~320x240; every embedded image
    /// and every sample photo). Decoding (about 1 ms a photo) is cheap next to the backbone
    /// (about 37 ms a 224x224 view for R50x1), and with cached features a photo is decoded
    /// again only for a later view: the real-size run (3,670 photos) decoded none twice while
    /// training. The cache stays full to the end of the run, so its size adds to the fine-tune
    /// cell's peak; a quarter of the former 512 MiB keeps that run under 2 GB.
    static let cacheBudget = 128 << 20

    init(dataset: Dataset, root: URL, memo: ProcessMemo) {
        self.dataset = dataset
        self.root = root
        cache = Self.decodedImages(root: root, memo: memo)
    }

    /// The process's cache of decoded photos of the data folder `root`.
    static func decodedImages(root: URL, memo: ProcessMemo) -> DecodedImageCache {
        memo.value("decoded-images:\(root.path)") { DecodedImageCache(budgetBytes: cacheBudget) }
    }

    /// The decoded photo `index` (an index into `dataset.files`).
    func image(_ index: Int) throws -> RGBImage {
        let url = dataset.url(index, root: root)
        if let cached = cache.image(for: url) { return cached }
        let image = try ImageDecoder.decode(contentsOf: url)
        cache.store(image, for: url)
        return image
    }

    /// A batch [N, side, side, 3] in [0, 1]: the training view of each (file, view) pair
    /// when `views` is given, else the test preprocessing. Decoding and resizing run on all cores.
    func batch(_ indices: [Int], plan: AugmentationPlan, views: [AugmentationView]?) throws -> Tensor {
        let images = try ImageDecoder.decodeAll(indices.map { dataset.url($0, root: root) }, cache: cache)
            .map { try $0.get() }
        return plan.batch(images, views: views)
    }
}

/// Conversions from the pipeline's images to the plotting layer's.
enum PlotImages {
    static func from(_ image: RGBImage) throws -> PlotImage {
        try PlotImage(width: image.width, height: image.height, rgb: image.pixels)
    }

    /// Image `position` of an NHWC batch in [0, 1].
    static func from(batch: Tensor, position: Int) throws -> PlotImage {
        let height = batch.shape[1], width = batch.shape[2], stride = height * width * 3
        let slice = batch.scalars[position * stride ..< (position + 1) * stride]
        let bytes = slice.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
        return try PlotImage(width: width, height: height, rgb: bytes)
    }
}
