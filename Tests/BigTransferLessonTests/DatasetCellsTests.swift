import Foundation
import LessonKit
import Testing

/// The dataset cells on a broken data folder.
@Suite struct DatasetCellsTests {
    @Test func emptyClassFolderFailsTheDatasetCellNamingTheFolder() throws {
        let inputs = try TinyInputs.shared.get()
        let run = LessonRun()
        let data = run.root.appendingPathComponent("flowers")
        let manager = FileManager.default
        try manager.createDirectory(at: data, withIntermediateDirectories: true)
        for name in ["daisy", "dandelion"] {
            try manager.copyItem(at: inputs.data.appendingPathComponent(name), to: data.appendingPathComponent(name))
        }
        let empty = data.appendingPathComponent("roses")
        try manager.createDirectory(at: empty, withIntermediateDirectories: true)

        let outcome = try run.run(data: data)
        guard case .failed(let cell, let message) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(cell == "load-dataset")
        #expect(message.contains("class folder \(empty.path)"), "\(message)")
        #expect(message.contains("(class 'roses') holds no .jpg, .jpeg or .png images"))
        #expect(run.cells(fromCache: false) == ["setup"])
        #expect(run.record?.cell("load-dataset")?.status == .failed)
        // Nothing of the failed cell is cached: its folder holds no state.
        let states = (try? manager.contentsOfDirectory(
            atPath: run.store.cacheDirectory.appendingPathComponent("load-dataset").path)) ?? []
        #expect(states == [])
    }

    /// A copy of the tiny flowers with only the classes `classes`.
    private func copyOfTinyFlowers(_ run: LessonRun, classes: [String]) throws -> URL {
        let inputs = try TinyInputs.shared.get()
        let data = run.root.appendingPathComponent("flowers")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for name in classes {
            try FileManager.default.copyItem(at: inputs.data.appendingPathComponent(name),
                                             to: data.appendingPathComponent(name))
        }
        return data
    }

    @Test func aSingleClassIsAnErrorNotAHundredPercentAccuracy() throws {
        let run = LessonRun()
        let data = try copyOfTinyFlowers(run, classes: ["tulips"])
        let outcome = try run.run(data: data)
        guard case .failed(let cell, let message) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(cell == "load-dataset")
        #expect(message.hasPrefix("\(data.path) holds one class folder (tulips): a classifier needs at least two classes"))
        #expect(run.record?.cell("train")?.status == .pending)
    }

    @Test func skippedImagesAreNamedInTheTerminalAndNestedImagesAreFound() throws {
        let run = LessonRun()
        let data = try copyOfTinyFlowers(run, classes: ["daisy", "roses"])
        let manager = FileManager.default
        // A PNG whose header claims 65,000 x 65,000 pixels, an empty file, and a nested folder of images.
        let first = try manager.contentsOfDirectory(atPath: data.appendingPathComponent("daisy").path).sorted()[0]
        let good = try Data(contentsOf: data.appendingPathComponent("daisy/\(first)"))
        var bomb = [UInt8](good)
        for offset in [16, 20] { bomb[offset ..< offset + 4] = [0x00, 0x00, 0xFD, 0xE8] }  // 65000, big-endian
        try Data(bomb).write(to: data.appendingPathComponent("daisy/bomb.png"))
        try Data().write(to: data.appendingPathComponent("roses/empty.jpg"))
        let nested = data.appendingPathComponent("roses/more/pink")
        try manager.createDirectory(at: nested, withIntermediateDirectories: true)
        try good.write(to: nested.appendingPathComponent("extra.png"))

        #expect(try run.run(cells: ["load-dataset"], data: data) == .completed)
        #expect(run.output.contains("  skipped 2 images that cannot be used:\n"
            + "    daisy/bomb.png: too large: its header declares 65000x65000 pixels, over the budget of 50 megapixels "
            + "(not decoded)\n    roses/empty.jpg: the file is empty (0 bytes)\n"), "\(run.output)")
        #expect(run.output.contains("  • images per class: daisy 12, roses 13\n"))
        let dataset = try run.dataset
        #expect(dataset.files.contains("roses/more/pink/extra.png"))
        #expect(dataset.files.count == 25)
    }
}
