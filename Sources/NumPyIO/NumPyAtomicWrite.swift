import FileWriting
import Foundation

extension AtomicFile {
    /// Writes the file at `url` atomically (`AtomicFile`; the folder must exist), with NumPyIO's
    /// errors: a full disk is `diskFull`, any other failure `writeFailed` naming the file.
    static func writeNumPy(to url: URL, _ produce: (URL) throws -> Void) throws {
        do {
            try write(to: url, createFolder: false, produce)
        } catch let error as NumPyError {
            throw error
        } catch FileWriteError.diskFull(let path) {
            throw NumPyError.diskFull(path: path)
        } catch FileWriteError.failed(let path, let reason) {
            throw NumPyError.writeFailed(path: path, reason: reason)
        } catch {
            throw NumPyError.writeFailed(path: url.path, reason: "\(error)")
        }
    }
}
