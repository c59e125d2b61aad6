import Foundation

/// Decoded images kept in memory within a byte budget, so later epochs do not decode again.
///
/// It holds the decoded 8-bit pixels, not the resized image: they are exact (the resize
/// then runs from the very bytes TensorFlow would resize, so results stay bit-identical,
/// where a resized image rounded to UInt8 would not be), and a typical 320x240 photo
/// (230 KB) is smaller than its 384x384 resize (442 KB as bytes, 1.7 MB as floats).
/// Images that would overflow the budget are not stored (no eviction: every epoch reads
/// every image once, so keeping the first ones beats any recency rule). Thread-safe.
public final class DecodedImageCache: @unchecked Sendable {
    /// The most pixel bytes the cache holds.
    public let budgetBytes: Int
    private var images: [String: RGBImage] = [:]
    private var usedBytes = 0
    private let lock = NSLock()

    /// A cache holding at most `budgetBytes` bytes of pixels.
    public init(budgetBytes: Int) {
        precondition(budgetBytes >= 0, "negative cache budget")
        self.budgetBytes = budgetBytes
    }

    /// The image stored for the file at `url`, if any.
    public func image(for url: URL) -> RGBImage? {
        lock.lock()
        defer { lock.unlock() }
        return images[url.path]
    }

    /// Stores `image` for the file at `url` when it fits in the budget; returns whether it did.
    /// Keyed by path, so the cache stays valid when a dataset is split or filtered.
    @discardableResult
    public func store(_ image: RGBImage, for url: URL) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if images[url.path] != nil { return true }
        guard usedBytes + image.byteCount <= budgetBytes else { return false }
        images[url.path] = image
        usedBytes += image.byteCount
        return true
    }

    /// The pixel bytes held.
    public var bytesUsed: Int {
        lock.lock()
        defer { lock.unlock() }
        return usedBytes
    }

    /// The number of images held.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return images.count
    }
}
