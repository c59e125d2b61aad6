import Foundation
import Testing
@testable import Training

/// A write that fails for want of space says the disk is full, not "check that the folder exists".
@Suite struct DiskFullTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full"), "skipped: no /dev/full on this system"))
    func aWriteToAFullDiskSaysTheDiskIsFull() throws {
        let full = URL(fileURLWithPath: "/dev/full")
        do {
            try Data(repeating: 7, count: 1 << 16).write(to: full)  // /dev/full: ENOSPC on every write, even as root
            Issue.record("writing /dev/full succeeded")
        } catch {
            let typed = TrainingError.writing(URL(fileURLWithPath: "/out/history.csv"), failedWith: error)
            #expect(typed == .diskFull(path: "/out/history.csv"), "\(error)")
            #expect("\(typed)".contains("the disk is full") && !"\(typed)".contains("writable"))
        }
        let other = TrainingError.writing(URL(fileURLWithPath: "/out/h.csv"),
                                          failedWith: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES)))
        guard case .writeFailed(let path, _) = other else { Issue.record("\(other)"); return }
        #expect(path == "/out/h.csv")
    }
}
