import Foundation

/// Why a file could not be written: a full disk said as such, anything else with its reason.
public enum FileWriteError: Error, CustomStringConvertible, Equatable {
    /// No space left on the device (or over quota).
    case diskFull(path: String)
    /// Another failure; `reason` is the system's.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .diskFull(let path):
            return "cannot write \(path): the disk is full (no space left on device). Free some space, or choose "
                + "an output folder on another disk with --output DIR."
        case .failed(let path, let reason):
            return "cannot write \(path) (\(reason)). Check that its folder exists and is writable."
        }
    }

    /// The typed error for a Foundation or POSIX error met while writing `url`: the POSIX
    /// reason of the first POSIX error in the chain, else the error's own description.
    public static func from(_ error: Error, writing url: URL) -> FileWriteError {
        if let typed = error as? FileWriteError { return typed }
        if FileSystemFailure.isDiskFull(error) { return .diskFull(path: url.path) }
        var current: NSError? = error as NSError, reason = (error as NSError).localizedDescription
        while let nsError = current {
            if nsError.domain == NSPOSIXErrorDomain { reason = String(cString: strerror(Int32(nsError.code))) }
            current = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        return .failed(path: url.path, reason: reason)
    }
}
