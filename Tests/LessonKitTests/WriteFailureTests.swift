import Foundation
import LessonKit
import Testing

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
}
