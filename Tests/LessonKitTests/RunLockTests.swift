import Foundation
import LessonKit
import Testing

@Suite struct RunLockTests {
    @Test func aSecondLockOnTheSameFolderFailsAtOnceNamingTheHolder() throws {
        let fixture = try RunnerFixture()
        let first = try RunLock(store: fixture.store, command: "lesson run 7")
        let error = #expect(throws: RunLockError.self) { try RunLock(store: fixture.store, command: "lesson run 7") }
        guard case .busy(let folder, let pid, let started)? = error else { return }
        #expect(folder == fixture.store.outputDirectory.path)
        #expect(pid == getpid())
        #expect(abs((started ?? .distantPast).timeIntervalSinceNow) < 60)
        #expect(error?.description.contains("is in use by another lesson run: process \(getpid()), started ") == true)
        #expect(error?.description.contains("or give this run another folder with --output DIR.") == true)
        withExtendedLifetime(first) {}
    }

    @Test func theLockIsFreeAgainOnceItsHolderIsGone() throws {
        let fixture = try RunnerFixture()
        do { _ = try RunLock(store: fixture.store, command: "lesson run 7") }
        #expect(throws: Never.self) { _ = try RunLock(store: fixture.store, command: "lesson run 7") }
    }

    @Test func aRunOnAFolderAnotherRunHoldsStopsBeforeAnyCellAndTouchesNothing() throws {
        let fixture = try RunnerFixture()
        try fixture.run()
        // A leftover partial folder of the (pretend) running process: it must survive.
        let partial = fixture.store.cacheDirectory.appendingPathComponent("a/.partial-0000-running")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        do {
            let holder = try RunLock(store: fixture.store, command: "lesson run 7")
            #expect(throws: RunLockError.self) { try fixture.run() }
            #expect(fixture.program.runs == [])
            #expect(FileManager.default.fileExists(atPath: partial.path), "the other run's work in progress is kept")
            withExtendedLifetime(holder) {}
        }
        #expect(try fixture.run() == .completed)
        #expect(!FileManager.default.fileExists(atPath: partial.path), "leftovers go once the folder is free")
    }
}
