import Foundation
import ProceduralImages
import Testing
import TestSupport

@Suite struct DatasetFolderTests {
    let layout = DatasetFolder(manifest: DatasetManifest(generator: "toy", generatorVersion: 3, seed: 9, imageSize: 4,
                                                         imagesPerClass: 2, classNames: ["ant", "bee"]))

    /// Writes a stand-in "image" (its own file name) for every sample.
    private func writeToyImages(into staging: URL) throws {
        for classIndex in 0..<2 {
            for sample in 0..<2 {
                let url = layout.imageURL(in: staging, classIndex: classIndex, sampleIndex: sample)
                try Data(url.lastPathComponent.utf8).write(to: url)
            }
        }
    }

    private func write(to folder: URL) throws {
        try layout.write(to: folder, cannotWrite: ToyError.cannotWrite) { try writeToyImages(into: $0) }
    }

    @Test func namesFilesByClassAndFourDigitSample() {
        #expect(DatasetFolder.fileName(className: "daisy", sampleIndex: 7) == "daisy_0007.png")
        #expect(DatasetFolder.fileName(className: "ring", sampleIndex: 12345) == "ring_12345.png")
        let url = layout.imageURL(in: URL(fileURLWithPath: "/data"), classIndex: 1, sampleIndex: 0)
        #expect(url.path == "/data/bee/bee_0000.png")
    }

    @Test func writesClassFoldersImagesAndManifestThenNothingElse() throws {
        let root = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("toy")
        try write(to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["ant", "bee", "manifest.json"])
        let bees = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("bee").path)
        #expect(bees.sorted() == ["bee_0000.png", "bee_0001.png"])
        let data = try Data(contentsOf: folder.appendingPathComponent(DatasetFolder.manifestFileName))
        #expect(try JSONDecoder().decode(DatasetManifest.self, from: data) == layout.manifest)
        #expect(String(decoding: data, as: UTF8.self).contains("\"generatorVersion\" : 3"))
        // The staging folder was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["toy"])
    }

    @Test func recognisesCurrentAndStaleFolders() throws {
        let folder = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!layout.isCurrent(at: folder))
        try write(to: folder)
        #expect(layout.isCurrent(at: folder))
        var other = layout.manifest
        other.seed = 10
        #expect(!DatasetFolder(manifest: other).isCurrent(at: folder))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("ant/ant_0001.png"))
        #expect(!layout.isCurrent(at: folder))
    }

    @Test func rewritingReplacesTheOldFolderWhole() throws {
        let root = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("toy")
        try write(to: folder)
        try Data("stale".utf8).write(to: folder.appendingPathComponent("ant/stray.txt"))
        try write(to: folder)
        let ants = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("ant").path)
        #expect(ants.sorted() == ["ant_0000.png", "ant_0001.png"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["toy"])
    }

    @Test func removesStagingFoldersAbandonedByKilledRuns() throws {
        let root = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        let fileManager = FileManager.default
        let abandoned = root.appendingPathComponent(".toy.partial-OLD")
        let abandonedOld = root.appendingPathComponent(".toy.old-OLD")
        let running = root.appendingPathComponent(".toy.partial-NEW")
        let unrelated = root.appendingPathComponent(".other.partial-OLD")
        for url in [abandoned, abandonedOld, running, unrelated] {
            try fileManager.createDirectory(at: url.appendingPathComponent("ant"), withIntermediateDirectories: true)
        }
        let twoHoursAgo = Date().addingTimeInterval(-2 * DatasetFolder.abandonedAge)
        for url in [abandoned, abandonedOld, unrelated] {
            try fileManager.setAttributes([.modificationDate: twoHoursAgo], ofItemAtPath: url.path)
        }
        try write(to: root.appendingPathComponent("toy"))
        let left = try fileManager.contentsOfDirectory(atPath: root.path).sorted()
        #expect(left == [".other.partial-OLD", ".toy.partial-NEW", "toy"])
    }

    @Test func ownErrorsPassThroughAndLeaveNoStaging() throws {
        let root = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ToyError.brokenBrush) {
            try layout.write(to: root.appendingPathComponent("toy"), cannotWrite: ToyError.cannotWrite) { _ in
                throw ToyError.brokenBrush
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func otherErrorsBecomeCannotWriteNamingTheFolder() throws {
        let root = SharedFixtures.temporaryDirectory("dataset-folder")
        defer { try? FileManager.default.removeItem(at: root) }
        // A regular file where the parent folder should be: nothing can be created below it.
        let blocker = root.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let target = blocker.appendingPathComponent("toy")
        let error = #expect(throws: ToyError.self) { try write(to: target) }
        guard case .cannotWrite(let path, let reason)? = error else {
            Issue.record("expected cannotWrite, got \(String(describing: error))")
            return
        }
        #expect(path == target.path)
        #expect(!reason.isEmpty)
    }
}

private enum ToyError: Error, Equatable {
    case brokenBrush
    case cannotWrite(path: String, reason: String)
}
