import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a failed file-system call means for the learner, read from the error itself (its POSIX
/// code, or the one under a Foundation error) rather than guessed from a message.
public enum FileSystemFailure {
    /// Whether `error` (or an error it wraps) is ENOSPC or EDQUOT: the disk or quota is full.
    public static func isDiskFull(_ error: Error) -> Bool {
        var current: NSError? = error as NSError
        while let nsError = current {
            if nsError.domain == NSPOSIXErrorDomain, isDiskFull(code: Int32(nsError.code)) { return true }
            if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileWriteOutOfSpaceError { return true }
            current = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        return false
    }

    /// Whether a POSIX error code means a full disk or quota.
    public static func isDiskFull(code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }

    /// The sentence every "cannot write" message ends with when the disk is full.
    public static let diskFullAdvice = "the disk is full (no space left on device): free some space, or write to "
        + "another disk"
}
