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

    @Test func anUnreadableIndexNamesTheFolderToDelete() throws {
        let root = SharedFixtures.temporaryDirectory("features")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("k")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{not json".utf8).write(to: folder.appendingPathComponent("index.json"))
        do {
            _ = try FeatureStore(root: root, key: "k")
            Issue.record("opening a store with a broken index must fail")
        } catch let error as TrainingError {
            #expect(error.description.contains("index.json"))
            #expect(error.description.contains("delete that folder"))
        }
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
