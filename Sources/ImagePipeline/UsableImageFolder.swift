import Foundation

/// Why an image folder cannot train or test a classifier, though it lists and decodes.
public enum UsableImageFolderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The folder has one class: any classifier would be right every time, which means nothing.
    case singleClass(path: String, name: String)
    /// Every image of a class was skipped as undecodable.
    case noUsableImage(className: String, path: String)

    public var description: String {
        switch self {
        case .singleClass(let path, let name):
            return "\(path) holds one class folder (\(name)): a classifier needs at least two classes to tell apart. "
                + "Put each class's images in its own sub-folder, as in flower_photos/daisy/*.jpg and "
                + "flower_photos/roses/*.jpg."
        case .noUsableImage(let className, let path):
            return "class '\(className)' has no usable image left (every one was skipped, see above): add decodable "
                + ".jpg or .png images to \(path)"
        }
    }
}

/// An image folder checked for a classifier: at least two class folders, every image decoded
/// once (on all cores, filling `cache`), the undecodable ones set aside with their reasons, and
/// every class left with at least one image. What lesson cells load before they split or embed.
public struct UsableImageFolder: Sendable {
    /// Every image file the folder lists, decodable or not.
    public let listing: ImageFolderDataset
    /// The images that decode.
    public let dataset: ImageFolderDataset
    /// The files that do not, with their reasons, in listing order.
    public let skipped: [SkippedImage]

    /// Checks that a listed folder has at least two classes, before anything is decoded.
    public static func checkClasses(_ listing: ImageFolderDataset) throws {
        guard listing.classCount >= 2 else {
            throw UsableImageFolderError.singleClass(path: listing.root.path, name: listing.classNames.joined())
        }
    }

    /// Checks `listing`'s classes and decodes its images. Once `isCancelled` returns true the remaining
    /// images are left undecoded (and kept): the caller checks for cancellation before using the result.
    public init(_ listing: ImageFolderDataset, cache: DecodedImageCache? = nil,
                isCancelled: () -> Bool = { false }) throws {
        try Self.checkClasses(listing)
        let root = listing.root
        let (dataset, skipped) = listing.decodableSubset(cache: cache, isCancelled: isCancelled)
        if let empty = dataset.countsPerClass().firstIndex(of: 0) {
            throw UsableImageFolderError.noUsableImage(
                className: dataset.classNames[empty],
                path: root.appendingPathComponent(dataset.classNames[empty]).path)
        }
        self.listing = listing
        self.dataset = dataset
        self.skipped = skipped
    }

    /// The path of `url` relative to the folder (`daisy/1.jpg`), or the whole path when outside it.
    public func relativePath(_ url: URL) -> String {
        Self.relativePath(url.standardizedFileURL.path, root: listing.root)
    }

    /// The lines that tell a learner which files were skipped and why: a count, the first `shown`
    /// files with their reasons, and how many more there are (none when nothing was skipped).
    public func skippedReport(shown: Int) -> [String] {
        guard !skipped.isEmpty else { return [] }
        var lines = ["skipped \(skipped.count) image\(skipped.count == 1 ? "" : "s") that cannot be used:"]
        for file in skipped.prefix(shown) {
            lines.append("  \(Self.relativePath(file.path, root: listing.root)): \(file.reason)")
        }
        if skipped.count > shown {
            lines.append("  ... and \(skipped.count - shown) more (every one is listed in summary.md)")
        }
        return lines
    }

    static func relativePath(_ path: String, root: URL) -> String {
        let prefix = root.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
