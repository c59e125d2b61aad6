import Foundation
import Testing
import TestSupport
@testable import AssetFetch

@Suite("ExtractionThread")
struct ExtractionThreadTests {
    @Test("the extraction thread works in the folder while the process stays where it was")
    func movesOnlyItsOwnThread() async throws {
        let folder = SharedFixtures.temporaryDirectory("lesson-thread").resolvingSymlinksInPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = FileManager.default.currentDirectoryPath

        let (isInFolder, seen) = try await ExtractionThread.run(in: folder) { isInFolder in
            (isInFolder, FileManager.default.currentDirectoryPath)
        }

        #expect(FileManager.default.currentDirectoryPath == before)
        #if os(Linux)
        #expect(isInFolder)
        #expect(seen == folder.path)
        #else
        #expect(!isInFolder)
        #expect(seen == before)
        #endif
    }

    @Test("an error thrown on the thread reaches the caller")
    func propagatesErrors() async {
        let folder = FileManager.default.temporaryDirectory
        await #expect(throws: FetchError.invalidAsset(name: "x", reason: "y")) {
            try await ExtractionThread.run(in: folder) { _ -> Int in
                throw FetchError.invalidAsset(name: "x", reason: "y")
            }
        }
    }
}
