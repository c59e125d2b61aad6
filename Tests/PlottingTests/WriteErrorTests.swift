import CCairo
import Foundation
import Testing
@testable import Plotting

/// Cairo reports every failed PNG write as WRITE_ERROR; the errno under it decides the message.
@Suite struct WriteErrorTests {
    @Test func aFullDiskIsNamedAsSuch() {
        let url = URL(fileURLWithPath: "/out/62/04-history.png")
        let full = CairoBackend.writeError(url, status: CAIRO_STATUS_WRITE_ERROR, errno: ENOSPC)
        #expect(full == .diskFull(path: url.path))
        #expect("\(full)".contains("the disk is full"))
        #expect(CairoBackend.writeError(url, status: CAIRO_STATUS_WRITE_ERROR, errno: EACCES)
                    == .writeFailed(path: url.path, reason: String(cString: strerror(EACCES))))
    }
}
