import Foundation

/// A file the pipeline skipped because it could not be decoded, with the reason.
public struct SkippedImage: Equatable, Sendable, CustomStringConvertible {
    /// The dataset item's index.
    public let index: Int
    /// The file's path.
    public let path: String
    /// Why it was skipped.
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

/// The files skipped so far, collected from every decoding thread (for the summary).
public final class DecodeFailureLog: @unchecked Sendable {
    private var entries: [Int: SkippedImage] = [:]
    private let lock = NSLock()

    public init() {}

    /// Records that item `index` failed with `error` (once per item).
    public func record(index: Int, error: Error) {
        let skipped: SkippedImage
        if let decoding = error as? ImageDecodingError {
            skipped = SkippedImage(index: index, path: decoding.path, reason: decoding.reason)
        } else {
            skipped = SkippedImage(index: index, path: "item \(index)", reason: String(describing: error))
        }
        lock.lock()
        entries[index] = skipped
        lock.unlock()
    }

    /// Every skipped file, by item index.
    public var skipped: [SkippedImage] {
        lock.lock()
        defer { lock.unlock() }
        return entries.values.sorted { $0.index < $1.index }
    }
}

extension ImageFolderDataset {
    /// Decodes item `index`, through `cache` when given (storing it there if it fits).
    public func decode(_ index: Int, cache: DecodedImageCache? = nil) throws -> RGBImage {
        let url = items[index].url
        if let cached = cache?.image(for: url) { return cached }
        let image = try ImageDecoder.decode(contentsOf: url)
        cache?.store(image, for: url)
        return image
    }

    /// Decodes every image on all cores and returns the dataset without the files that
    /// fail, with those files and their reasons (so a lesson can list them before training).
    /// Decoded images fill `cache` when one is given. Once `isCancelled` returns true the
    /// remaining images are left undecoded (the caller checks it again and stops).
    public func decodableSubset(cache: DecodedImageCache? = nil, isCancelled: () -> Bool = { false })
        -> (dataset: ImageFolderDataset, skipped: [SkippedImage])
    {
        let log = DecodeFailureLog()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            if isCancelled() { return }
            do {
                _ = try decode(index, cache: cache)
            } catch {
                log.record(index: index, error: error)
            }
        }
        let skipped = log.skipped
        return (removing(Set(skipped.map(\.index))), skipped)
    }
}
