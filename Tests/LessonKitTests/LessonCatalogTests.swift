import Foundation
import LessonKit
import TestSupport
import Testing

@Suite struct LessonCatalogTests {
    @Test func findsLessonsAboveTheCurrentDirectory() throws {
        let nested = SharedFixtures.repositoryRoot.appendingPathComponent("Sources/LessonKit")
        let catalog = try LessonCatalog.locate(explicit: nil, environment: [:], currentDirectory: nested,
                                               executable: URL(fileURLWithPath: "/nonexistent/lesson"))
        #expect(catalog.directory.standardizedFileURL.path
            == SharedFixtures.repositoryRoot.appendingPathComponent("lessons").standardizedFileURL.path)
    }

    @Test func explicitFolderAndEnvironmentOverrideTheSearch() throws {
        let root = SharedFixtures.temporaryDirectory("catalog")
        defer { try? FileManager.default.removeItem(at: root) }
        let chosen = try LessonCatalog.locate(explicit: root.path, environment: [:])
        #expect(chosen.directory.path == root.standardizedFileURL.path)
        #expect(try chosen.lessons().isEmpty)
        let fromEnvironment = try LessonCatalog.locate(explicit: nil, environment: ["LESSON_LESSONS_DIR": root.path])
        #expect(fromEnvironment.directory.path == root.standardizedFileURL.path)
        let missing = root.appendingPathComponent("nope")
        #expect(throws: CatalogError.notAFolder(missing)) { try LessonCatalog.locate(explicit: missing.path) }
    }

    @Test func unknownLessonListsTheKnownOnes() throws {
        let catalog = LessonCatalog(directory: SharedFixtures.repositoryRoot.appendingPathComponent("lessons"))
        do {
            _ = try catalog.lesson(3)
            Issue.record("expected an error")
        } catch let error as CatalogError {
            #expect(error.description.hasSuffix(
                "Known lessons: 0 (A tour of the lesson runner), 61 (Pre-training a miniature BiT (the upstream step)), "
                    + "62 (Image classification with Big Transfer (BiT))."))
        }
    }
}
