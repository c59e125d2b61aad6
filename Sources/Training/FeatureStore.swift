// Shape legend: N items, D feature width.

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
public final class FeatureStore {
    /// The caller's key (letters, digits, `-`, `_`, `.`).
    public let key: String
    /// The store's folder, or nil for a store kept only in memory.
    public let directory: URL?
    /// The feature width D, known once the first chunk is stored.
    public private(set) var featureWidth: Int?

    private var chunks: [[Float]] = []
    private var chunkEntries: [ChunkEntry] = []
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
        let entry = ChunkEntry(file: String(format: "chunk-%06d.npy", chunkEntries.count),
                               images: items.map(\.image), views: items.map(\.view))
        if let directory {
            try persist(features, entry: entry, in: directory)
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
    }

    private struct Index: Codable {
        var version: Int
        var featureWidth: Int
        var chunks: [ChunkEntry]
    }

    /// The index format's version; a store with another version is rebuilt from scratch.
    private static let indexVersion = 1

    private func append(_ entry: ChunkEntry, scalars: [Float]) {
        let chunk = chunks.count
        chunks.append(scalars)
        chunkEntries.append(entry)
        for (row, (image, view)) in zip(entry.images, entry.views).enumerated() {
            let item = FeatureItem(image: image, view: view)
            if locations[item] == nil { locations[item] = (chunk, row) }
        }
    }

    private func persist(_ features: Tensor, entry: ChunkEntry, in directory: URL) throws {
        let chunkURL = directory.appendingPathComponent(entry.file)
        do {
            // Both writes are atomic (a temporary file in the folder, then a rename), and the
            // chunk lands before the index that names it.
            try NumPyFile.write(features, to: chunkURL)
            let index = Index(version: Self.indexVersion, featureWidth: features.shape[1],
                              chunks: chunkEntries + [entry])
            try JSONEncoder().encode(index).write(to: indexURL(directory), options: .atomic)
        } catch {
            throw TrainingError.writeFailed(path: chunkURL.path, reason: "\(error)")
        }
    }

    private func load() throws {
        guard let directory else { return }
        let url = indexURL(directory)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let index: Index
        do {
            index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: url))
        } catch {
            throw TrainingError.corruptStore(path: url.path, reason: "index.json: \(error)")
        }
        guard index.version == Self.indexVersion else { return }
        for entry in index.chunks {
            let chunkURL = directory.appendingPathComponent(entry.file)
            let tensor: Tensor
            do {
                tensor = try NumPyFile.readArray(from: chunkURL)
            } catch {
                throw TrainingError.corruptStore(path: chunkURL.path, reason: "\(error)")
            }
            guard entry.images.count == entry.views.count,
                  tensor.shape == [entry.images.count, index.featureWidth] else {
                throw TrainingError.corruptStore(path: chunkURL.path,
                                                 reason: "shape \(tensor.shape) does not match its \(entry.images.count) items")
            }
            featureWidth = index.featureWidth
            append(entry, scalars: tensor.scalars)
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
