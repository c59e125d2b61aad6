import Foundation

/// An advisory lock on one lesson's output folder, held for as long as a `lesson run` (or
/// `lesson clean`) works in it, so that two processes never write or delete the same cache.
///
/// It is a `flock(2)` lock on `output/<n>/.lock`: the operating system releases it when the
/// process ends, however it ends (SIGKILL included), so a crashed run never blocks the next.
/// The file holds the owner's PID and start time, for the message the second process prints.
public final class RunLock {
    /// The lock file's name inside the output folder.
    public static let fileName = ".lock"

    private let descriptor: Int32
    /// The lock file.
    public let url: URL

    /// Takes the lock of `store`'s output folder, creating the folder if needed; throws
    /// `RunLockError.busy` at once (without waiting) when another process holds it.
    public init(store: ArtifactStore, command: String) throws {
        let folder = store.outputDirectory
        url = folder.appendingPathComponent(Self.fileName)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError.diagnose(folder)
        }
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError.diagnose(folder) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.owner(of: fd)
            close(fd)
            throw RunLockError.busy(folder: folder.path, pid: owner.pid, started: owner.started)
        }
        descriptor = fd
        let text = "\(getpid()) \(ISO8601DateFormatter().string(from: Date())) \(command)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        // Closing the descriptor releases the flock; the file stays (removing it would race
        // with a process that has just opened it).
        close(descriptor)
    }

    /// The PID and start time written by the process holding the lock.
    private static func owner(of fd: Int32) -> (pid: Int32?, started: Date?) {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return (nil, nil) }
        let fields = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: " ")
        let pid = fields.first.flatMap { Int32($0) }
        let started = fields.dropFirst().first.flatMap { ISO8601DateFormatter().date(from: String($0)) }
        return (pid, started)
    }
}

/// Another process works in the output folder.
public enum RunLockError: Error, CustomStringConvertible, Equatable {
    case busy(folder: String, pid: Int32?, started: Date?)

    public var description: String {
        switch self {
        case .busy(let folder, let pid, let started):
            let who = pid.map { "process \($0)" } ?? "another process"
            let when = started.map { ", started \(Self.format($0))" } ?? ""
            let stop = pid.map { " (Ctrl-C in its terminal, or `kill -INT \($0)`)" } ?? ""
            return "\(folder) is in use by another lesson run: \(who)\(when). Wait for it to finish or stop it"
                + "\(stop), or give this run another folder with --output DIR."
        }
    }

    private static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss zzz"
        return formatter.string(from: date)
    }
}
