import Foundation
@testable import LessonKit
import Testing
import TestSupport

/// Derived folders are keyed by their key, kept while a kept state uses them, and removed a few
/// runs after their last use otherwise.
@Suite struct DerivedStoresTests {
    @Test func aFolderIsKeyedByItsKeyAndRemembersItsOwner() throws {
        let root = SharedFixtures.temporaryDirectory("derived")
        defer { try? FileManager.default.removeItem(at: root) }
        let stores = DerivedStores(root: root)
        let first = try stores.folder(name: "features", key: ["dataset abc", "model def"], owner: "train", run: 1)
        let again = try stores.folder(name: "features", key: ["dataset abc", "model def"], owner: "evaluate", run: 2)
        let other = try stores.folder(name: "features", key: ["dataset abc", "model xyz"], owner: "train", run: 2)
        #expect(first.url == again.url && first.relativePath == again.relativePath)
        #expect(first.relativePath != other.relativePath)
        #expect(first.relativePath.hasPrefix("features/") && first.relativePath.count == "features/".count + 24)
        let entry = try JSONDecoder().decode(DerivedStores.Entry.self,
                                             from: Data(contentsOf: first.url.appendingPathComponent("derived.json")))
        #expect(entry == DerivedStores.Entry(owner: "train", key: ["dataset abc", "model def"], lastRun: 2))
    }

    @Test func unusedFoldersGoThreeRunsAfterTheirLastUseAndReferencedOnesStay() throws {
        let root = SharedFixtures.temporaryDirectory("derived-prune")
        defer { try? FileManager.default.removeItem(at: root) }
        let stores = DerivedStores(root: root)
        #expect(stores.beginRun() == 1 && stores.beginRun() == 2)
        let kept = try stores.folder(name: "features", key: ["kept"], owner: "train", run: 1)
        let old = try stores.folder(name: "features", key: ["old"], owner: "train", run: 1)
        let recent = try stores.folder(name: "progress", key: ["recent"], owner: "fine-tune", run: 3)
        #expect(stores.prune(referenced: [kept.relativePath], run: 3) == [])
        #expect(stores.prune(referenced: [kept.relativePath], run: 4) == [old.relativePath])
        #expect(FileManager.default.fileExists(atPath: kept.url.path))
        #expect(!FileManager.default.fileExists(atPath: old.url.path))
        #expect(FileManager.default.fileExists(atPath: recent.url.path), "used in run 3, kept until run 6")
        #expect(stores.prune(referenced: [kept.relativePath], run: 6) == [recent.relativePath])
    }
}
