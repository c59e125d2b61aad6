import Foundation
import Tensors
import TestSupport
import Testing
import Training

@Suite struct FeatureStoreTests {
    let items = [FeatureItem(image: 0, view: 0), FeatureItem(image: 5, view: 1), FeatureItem(image: 2, view: 0)]
    let features = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])

    @Test func storedFeaturesSurviveReopening() throws {
        let root = SharedFixtures.temporaryDirectory("features")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try FeatureStore(root: root, key: "abc123")
        try store.insert(items, features: features)
        try store.insert([FeatureItem(image: 9, view: 0)], features: Tensor(shape: [1, 2], scalars: [7, 8]))

        let reopened = try FeatureStore(root: root, key: "abc123")
        #expect(reopened.count == 4)
        #expect(reopened.featureWidth == 2)
        #expect(reopened.features(of: FeatureItem(image: 5, view: 1)).map(Array.init) == [3, 4])
        #expect(reopened.features(of: FeatureItem(image: 9, view: 0)).map(Array.init) == [7, 8])
        #expect(!reopened.contains(FeatureItem(image: 5, view: 0)))
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("abc123").path)
        #expect(Set(files) == ["index.json", "chunk-000000.npy", "chunk-000001.npy"])
        // Chunks are plain NumPy files: magic "\x93NUMPY", and the float32 data at the end.
        let chunk = try Data(contentsOf: root.appendingPathComponent("abc123/chunk-000000.npy"))
        #expect(Array(chunk.prefix(6)) == [0x93] + Array("NUMPY".utf8))
        let tail = chunk.suffix(24).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(tail == [1, 2, 3, 4, 5, 6])
    }

    @Test func aChunkLeftUnlistedByACrashIsIgnoredAndOverwritten() throws {
        let root = SharedFixtures.temporaryDirectory("features")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try FeatureStore(root: root, key: "k")
        try store.insert(items, features: features)
        // A crash after writing the next chunk but before the index named it.
        let folder = root.appendingPathComponent("k")
        try Data("half-written".utf8).write(to: folder.appendingPathComponent("chunk-000001.npy"))
        try Data("junk".utf8).write(to: folder.appendingPathComponent(".chunk-000001.npy.tmp"))

        let reopened = try FeatureStore(root: root, key: "k")
        #expect(reopened.count == 3)
        try reopened.insert([FeatureItem(image: 1, view: 0)], features: Tensor(shape: [1, 2], scalars: [9, 9]))
        let again = try FeatureStore(root: root, key: "k")
        #expect(again.count == 4)
        #expect(again.features(of: FeatureItem(image: 1, view: 0)).map(Array.init) == [9, 9])
    }

    @Test func rejectsKeysUnfitForAFolderAndMismatchedShapes() throws {
        let root = SharedFixtures.temporaryDirectory("features")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: TrainingError.invalidStoreKey("../up")) { try FeatureStore(root: root, key: "../up") }
        let store = FeatureStore(inMemoryKey: "m")
        try store.insert(items, features: features)
        #expect(throws: TrainingError.self) {
            try store.insert([FeatureItem(image: 7, view: 0)], features: Tensor(zeros: [1, 3]))
        }
    }
}

/// Stored features are verified when read; a damaged part is dropped and computed again by itself.
@Suite struct FeatureStoreIntegrityTests {
    static func filled(_ root: URL) throws -> URL {
        let store = try FeatureStore(root: root, key: "k")
        try store.insert([FeatureItem(image: 0, view: 0), FeatureItem(image: 1, view: 0)],
                         features: Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        try store.insert([FeatureItem(image: 2, view: 0), FeatureItem(image: 3, view: 0)],
                         features: Tensor(shape: [2, 2], scalars: [5, 6, 7, 8]))
        return root.appendingPathComponent("k")
    }

    @Test func aChangedChunkIsDroppedAndItsItemsComputedAgain() throws {
        let root = SharedFixtures.temporaryDirectory("features-integrity")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.filled(root)
        let chunk = folder.appendingPathComponent("chunk-000001.npy")
        var bytes = try Data(contentsOf: chunk)
        bytes[bytes.count - 1] ^= 0x40  // one bit of the last float
        try bytes.write(to: chunk)
        let store = try FeatureStore(root: root, key: "k")
        #expect(store.count == 2)
        #expect(store.features(of: FeatureItem(image: 0, view: 0)).map(Array.init) == [1, 2])
        #expect(!store.contains(FeatureItem(image: 3, view: 0)))
        #expect(store.repairs == ["chunk-000001.npy changed since it was written (or its index entry did): its 2 "
                                  + "features are computed again"])
        // Computed again, under a new file name; the store is sound from then on.
        try store.insert([FeatureItem(image: 2, view: 0), FeatureItem(image: 3, view: 0)],
                         features: Tensor(shape: [2, 2], scalars: [5, 6, 7, 8]))
        let reopened = try FeatureStore(root: root, key: "k")
        #expect(reopened.repairs.isEmpty && reopened.count == 4)
        #expect(reopened.features(of: FeatureItem(image: 3, view: 0)).map(Array.init) == [7, 8])
    }

    @Test func anIndexWhoseEntriesWereSwappedUsesNeitherEntry() throws {
        let root = SharedFixtures.temporaryDirectory("features-integrity")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.filled(root)
        let url = folder.appendingPathComponent("index.json")
        var index = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var chunks = index["chunks"] as! [[String: Any]]
        // The rows of chunk 0 now claim to be images 2 and 3, and the other way round.
        (chunks[0]["images"], chunks[1]["images"]) = (chunks[1]["images"]!, chunks[0]["images"]!)
        index["chunks"] = chunks
        try JSONSerialization.data(withJSONObject: index).write(to: url)
        let store = try FeatureStore(root: root, key: "k")
        #expect(store.count == 0 && store.repairs.count == 2)
    }

    @Test func aMissingChunkOrAnUnreadableIndexIsNoDeadEnd() throws {
        let root = SharedFixtures.temporaryDirectory("features-integrity")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try Self.filled(root)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("chunk-000000.npy"))
        let store = try FeatureStore(root: root, key: "k")
        #expect(store.count == 2 && store.repairs == ["chunk-000000.npy is missing: its 2 features are computed again"])
        try Data("{\"chunks\": [".utf8).write(to: folder.appendingPathComponent("index.json"))
        let afresh = try FeatureStore(root: root, key: "k")
        #expect(afresh.count == 0)
        #expect(afresh.repairs == ["index.json cannot be read: the stored features are dropped and computed again"])
        try afresh.insert([FeatureItem(image: 0, view: 0)], features: Tensor(shape: [1, 2], scalars: [1, 2]))
        #expect(try FeatureStore(root: root, key: "k").count == 1)
    }

    @Test func nonFiniteFeaturesAreRefused() throws {
        let root = SharedFixtures.temporaryDirectory("features-integrity")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try FeatureStore(root: root, key: "k")
        #expect(throws: TrainingError.self) {
            try store.insert([FeatureItem(image: 0, view: 0)], features: Tensor(shape: [1, 2], scalars: [1, .nan]))
        }
        #expect(store.count == 0)
    }
}
