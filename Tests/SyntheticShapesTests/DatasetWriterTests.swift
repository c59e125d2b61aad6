import Foundation
import TestSupport
import Testing
@testable import SyntheticShapes

@Suite struct DatasetWriterTests {
    @Test func writesEveryClassFolderImagesAndManifestAtomically() throws {
        let root = SharedFixtures.temporaryDirectory("shapes-writer")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("shapes")
        let shapes = try SyntheticShapes(seed: 4, imageSize: 24)
        try shapes.writeDataset(to: folder, imagesPerClass: 2)

        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == (SyntheticShapes.classNames + [SyntheticShapes.manifestFileName]).sorted())
        let star = SyntheticShapes.classNames.firstIndex(of: "star")!
        let starFiles = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("star").path)
        #expect(starFiles.sorted() == ["star_0000.png", "star_0001.png"])
        #expect(SyntheticShapes.fileName(classIndex: star, sampleIndex: 1) == "star_0001.png")

        let png = try Data(contentsOf: folder.appendingPathComponent("star/star_0001.png"))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let manifest = try JSONDecoder().decode(SyntheticShapesManifest.self,
            from: Data(contentsOf: folder.appendingPathComponent(SyntheticShapes.manifestFileName)))
        #expect(manifest == shapes.manifest(imagesPerClass: 2))
        #expect(manifest.classNames.count == 56)
        // Nothing but the dataset is left next to it: the staging folder was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["shapes"])
    }

    @Test func rejectsANonPositiveImageCount() throws {
        let shapes = try SyntheticShapes(seed: 4, imageSize: 24)
        #expect(throws: SyntheticShapesError.invalidImageCount(0)) {
            try shapes.writeDataset(to: URL(fileURLWithPath: "/tmp/never-written"), imagesPerClass: 0)
        }
    }
}
