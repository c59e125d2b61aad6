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
}
