// Shape legend: N items, D feature width.

import Crypto
import Foundation
import NumPyIO
import Tensors

/// One backbone input: an image and the index of its augmented view
/// (validation images have the single view 0, without augmentation).
public struct FeatureItem: Hashable, Codable, Sendable {
    /// The image's index in its split.
    public let image: Int
    /// The view's index; the pipeline maps (seed, image, view) to one fixed augmentation.
    public let view: Int

    public init(image: Int, view: Int) {
        self.image = image
        self.view = view
    }
}

/// An on-disk store of backbone feature vectors for one key.
///
/// A frozen backbone gives the same features for the same pixels, so features are kept per
/// (image, view) under a key the caller derives from everything that fixes the pixels and the
/// network: the weights' fingerprint, the preprocessing parameters and the augmentation seed.
///
/// Layout of `root/<key>/`: `chunk-NNNNNN.npy` files, each a float32 [n, D] array, and
/// `index.json` listing every chunk with its items. A chunk is written atomically (a temporary
/// file, then a rename) before the index (written the same way) names it, so a crash at any
/// moment leaves a readable store: at worst an unlisted chunk that the next insert overwrites.
/// One process writes a store at a time.
///
/// Everything is verified when read: each index entry holds the SHA-256 of its chunk's bytes and
/// of its items, so a changed, truncated or missing chunk, or an index whose entries were edited
/// or reordered, is found; such a chunk is dropped (its items are computed again by the next
/// `fill`), the index is rewritten without it, and `repairs` says what was dropped. An index that
/// cannot be read at all starts the store afresh. Features that are not finite are refused.
public final class FeatureStore {
    /// The caller's key (letters, digits, `-`, `_`, `.`).
    public let key: String
    /// The store's folder, or nil for a store kept only in memory.
    public let directory: URL?
    /// The feature width D, known once the first chunk is stored.
    public private(set) var featureWidth: Int?

    /// What loading found damaged and dropped, one line each (empty for a sound store).
    public private(set) var repairs: [String] = []

    private var chunks: [[Float]] = []
    private var chunkEntries: [ChunkEntry] = []
    /// The number of the next chunk file: past every file an index has named, so a dropped
    /// chunk's file name is never reused by a later one.
    private var nextChunk = 0
    private var locations: [FeatureItem: (chunk: Int, row: Int)] = [:]

    /// Opens (or creates) the store `root/<key>`, loading every stored chunk.
    public init(root: URL, key: String) throws {
        try Self.validate(key: key)
        self.key = key
        let directory = root.appendingPathComponent(key, isDirectory: true)
        self.directory = directory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw TrainingError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
        try load()
    }

    /// A store kept in memory only (for tests, and for runs that must not touch the disk).
    public init(inMemoryKey key: String) {
        self.key = key
        directory = nil
    }

    /// The number of stored feature vectors.
    public var count: Int { locations.count }

    /// Whether the item's features are stored.
    public func contains(_ item: FeatureItem) -> Bool { locations[item] != nil }

    /// The stored features of `item`, or nil.
    public func features(of item: FeatureItem) -> ArraySlice<Float>? {
        guard let (chunk, row) = locations[item], let width = featureWidth else { return nil }
        return chunks[chunk][row * width ..< (row + 1) * width]
    }

    /// Stores `features` [items.count, D] for `items` as one new chunk, persisted before returning.
    /// Items already stored are kept as they were.
    public func insert(_ items: [FeatureItem], features: Tensor) throws {
        guard features.rank == 2, features.shape[0] == items.count, features.shape[1] > 0,
              featureWidth == nil || featureWidth == features.shape[1] else {
            throw TrainingError.shapeMismatch(what: "features stored under '\(key)'",
                                              expected: [items.count, featureWidth ?? 0], actual: features.shape)
        }
        guard !items.isEmpty else { return }
        if let bad = features.scalars.firstIndex(where: { !$0.isFinite }) {
            throw TrainingError.corruptStore(path: directory?.path ?? key, reason: "the features of item "
                + "\(items[bad / features.shape[1]]) are not finite (\(features.scalars[bad])): the weights or the "
                + "image are damaged; nothing was stored")
        }
        var entry = ChunkEntry(file: String(format: "chunk-%06d.npy", nextChunk),
                               images: items.map(\.image), views: items.map(\.view), sha256: nil)
        nextChunk += 1
        if let directory {
            entry = try persist(features, entry: entry, in: directory)
        }
        featureWidth = features.shape[1]
        append(entry, scalars: features.scalars)
    }

    // MARK: - Persistence

    /// One chunk's file and the items of its rows, in order.
    private struct ChunkEntry: Codable {
        var file: String
        var images: [Int]
        var views: [Int]
        /// SHA-256 of the chunk file's bytes followed by its items (`images`, then `views`).
        var sha256: String?

        func digest(of bytes: Data) -> String {
            var hasher = SHA256()
            hasher.update(data: bytes)
            hasher.update(data: Data("\(images)\(views)".utf8))
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    private struct Index: Codable {
        var version: Int
        var featureWidth: Int
        var chunks: [ChunkEntry]
    }

    /// The index format's version; a store with another version is rebuilt from scratch.
    private static let indexVersion = 2

    private func append(_ entry: ChunkEntry, scalars: [Float]) {
        let chunk = chunks.count
        chunks.append(scalars)
        chunkEntries.append(entry)
        for (row, (image, view)) in zip(entry.images, entry.views).enumerated() {
            let item = FeatureItem(image: image, view: view)
            if locations[item] == nil { locations[item] = (chunk, row) }
        }
    }

    private func persist(_ features: Tensor, entry: ChunkEntry, in directory: URL) throws -> ChunkEntry {
        let chunkURL = directory.appendingPathComponent(entry.file)
        var entry = entry
        do {
            // Both writes are atomic (a temporary file in the folder, then a rename), and the
            // chunk lands before the index that names it.
            try NumPyFile.write(features, to: chunkURL)
            entry.sha256 = entry.digest(of: try Data(contentsOf: chunkURL))
            try writeIndex(chunkEntries + [entry], featureWidth: features.shape[1], in: directory)
        } catch {
            throw TrainingError.writeFailed(path: chunkURL.path, reason: "\(error)")
        }
        return entry
    }

    private func writeIndex(_ entries: [ChunkEntry], featureWidth: Int, in directory: URL) throws {
        let index = Index(version: Self.indexVersion, featureWidth: featureWidth, chunks: entries)
        try JSONEncoder().encode(index).write(to: indexURL(directory), options: .atomic)
    }

    private func load() throws {
        guard let directory else { return }
        let url = indexURL(directory)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        guard let data = try? Data(contentsOf: url), let index = try? JSONDecoder().decode(Index.self, from: data) else {
            repairs.append("index.json cannot be read: the stored features are dropped and computed again")
            try startAfresh(directory)
            return
        }
        // Another format (or none of the digests this one checks): computed again from scratch.
        guard index.version == Self.indexVersion else {
            try startAfresh(directory)
            return
        }
        nextChunk = index.chunks.compactMap { Int($0.file.dropFirst(6).prefix(6)) }.max().map { $0 + 1 } ?? 0
        var dropped = false
        for entry in index.chunks {
            let chunkURL = directory.appendingPathComponent(entry.file)
            guard let bytes = try? Data(contentsOf: chunkURL) else {
                repairs.append("\(entry.file) is missing: its \(entry.images.count) features are computed again")
                dropped = true
                continue
            }
            guard entry.sha256 == entry.digest(of: bytes), entry.images.count == entry.views.count,
                  let tensor = try? NumPyFile.readArray(from: chunkURL),
                  tensor.shape == [entry.images.count, index.featureWidth],
                  tensor.scalars.allSatisfy(\.isFinite) else {
                repairs.append("\(entry.file) changed since it was written (or its index entry did): its "
                               + "\(entry.images.count) features are computed again")
                try? FileManager.default.removeItem(at: chunkURL)
                dropped = true
                continue
            }
            featureWidth = index.featureWidth
            append(entry, scalars: tensor.scalars)
        }
        if dropped {
            do {
                try writeIndex(chunkEntries, featureWidth: index.featureWidth, in: directory)
            } catch {
                throw TrainingError.writeFailed(path: url.path, reason: "\(error)")
            }
        }
    }

    /// Removes every file of the store, so nothing of an unreadable or older store is used.
    private func startAfresh(_ directory: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name == "index.json" || (name.hasPrefix("chunk-") && name.hasSuffix(".npy")) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    private func indexURL(_ directory: URL) -> URL {
        directory.appendingPathComponent("index.json")
    }

    private static func validate(key: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !key.isEmpty, !key.hasPrefix("."), key.allSatisfy(allowed.contains) else {
            throw TrainingError.invalidStoreKey(key)
        }
    }
}
