import Foundation
import ImagePipeline
import LessonKit
import Tensors

/// The labelled images the transfer cell probes on: every decodable image of the data folder,
/// checked as lesson 62 checks its data (two classes or more, each with a usable image), and
/// preprocessed as lesson 62 preprocesses its validation images (bilinear resize with
/// TensorFlow's half-pixel centers to a square side, values in [0, 1]).
struct ProbeImages {
    /// Decoded photos kept in memory (as lesson 62's ImageSource): the 200 sample photos take
    /// about 50 MB, so each is decoded once for all three backbones.
    static let cacheBudget = 512 << 20
    /// How many skipped files the terminal names; the summary lists all of them.
    static let skippedNamesShown = 5

    let folder: UsableImageFolder
    let cache: DecodedImageCache

    /// Lists and decodes the folder, naming the files it skips.
    init(root: URL, context: CellContext) throws {
        let listing = try ImageFolderDataset(root: root)
        try UsableImageFolder.checkClasses(listing)
        context.log("\(listing.count) images in \(listing.classCount) classes; checking that every file decodes")
        cache = context.memo.value("decoded-images:\(root.path)") { DecodedImageCache(budgetBytes: Self.cacheBudget) }
        folder = try UsableImageFolder(listing, cache: cache, isCancelled: { context.isCancelled })
        try context.checkCancellation()
        for line in folder.skippedReport(shown: Self.skippedNamesShown) { context.log(line) }
    }

    var count: Int { folder.dataset.count }
    var labels: [Int] { folder.dataset.labels }
    var classNames: [String] { folder.dataset.classNames }

    /// Images `range` as a batch [n, side, side, 3] in [0, 1].
    func batch(_ range: Range<Int>, side: Int) throws -> Tensor {
        let urls = folder.dataset.items[range].map(\.url)
        let images = try ImageDecoder.decodeAll(urls, cache: cache).map { try $0.get() }
        return AugmentationPlan(resizeTo: side, cropTo: side, method: .bilinear).batch(images, views: nil)
    }
}
