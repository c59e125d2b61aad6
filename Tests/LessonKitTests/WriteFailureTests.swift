import FileWriting
import Foundation
import LessonKit
import Testing
import TestSupport

/// Parameters given twice, and writes that fail because the disk is full.
@Suite struct WriteFailureTests {
    @Test func aKeySetTwiceIsAnErrorNamingBothValues() throws {
        let assignments = try ["learning_rate=0.01", "seed=1", "learning_rate=0.1"].map(ParameterAssignment.init(parsing:))
        #expect(throws: ParameterError.duplicateAssignment(key: "learning_rate", values: ["0.01", "0.1"])) {
            try ParameterAssignment.checkUnique(assignments)
        }
        #expect("\(ParameterError.duplicateAssignment(key: "seed", values: ["1", "2"]))"
            .contains("--set seed is given 2 times (seed=1, seed=2)"))
        try ParameterAssignment.checkUnique(Array(assignments.prefix(2)))
    }

    /// /dev/full fails every write with ENOSPC, as a full disk does, even for root.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "skipped: no /dev/full on this system"))
    func aFullDiskIsSaidToBeFull() throws {
        let full = URL(fileURLWithPath: "/dev/full")
        do {
            try Data(repeating: 1, count: 1 << 16).write(to: full)
            Issue.record("writing /dev/full succeeded")
        } catch {
            let typed = FileWriteError.from(error, writing: full)
            #expect(typed == .diskFull(path: "/dev/full"), "\(error)")
            #expect(typed.description.contains("the disk is full"))
            #expect(!typed.description.contains("writable"))
        }
    }

    /// A write that fails halfway leaves the old file and no temporary one; what the producer
    /// throws comes back as it is; without `createFolder` a missing folder is a write failure.
    @Test func anAtomicWriteLeavesTheOldFileOrTheNewOne() throws {
        let folder = SharedFixtures.temporaryDirectory("atomic-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("sub/a.txt")
        try AtomicFile.write(Data("one".utf8), to: url)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try AtomicFile.write(to: url) { temporary in
                try Data("two".utf8).write(to: temporary)
                throw Refused()
            }
        }
        #expect(try String(contentsOf: url, encoding: .utf8) == "one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["a.txt"])
        let missing = folder.appendingPathComponent("missing/b.txt")
        #expect {
            try AtomicFile.write(Data("three".utf8), to: missing, createFolder: false)
        } throws: { error in
            guard case .failed(let path, _) = error as? FileWriteError else { return false }
            return path == missing.path
        }
    }
}
