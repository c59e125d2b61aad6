import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a folder as the file system lists it, read with `opendir`/`readdir` and
/// `lstat` rather than `FileManager`: Foundation on Linux silently drops names that are not
/// valid UTF-8 (a Latin-1 `rosés` folder vanished with its images), reports an unreadable
/// folder as a missing one, and a link loop as `NSCocoaErrorDomain error 256`.
struct FolderEntry: Equatable {
    enum Kind: Equatable {
        case file, folder, linkToFile, linkToFolder
        /// A link that leads nowhere: its target is missing, or it loops back on itself.
        case brokenLink(loop: Bool)
        /// A FIFO, device or socket.
        case special
    }

    /// The name, or nil when it is not valid UTF-8.
    let name: String?
    /// The raw bytes of the name, shown escaped when it is not valid UTF-8.
    let bytes: [UInt8]
    let kind: Kind

    /// Whether the name starts with "." (hidden, whatever its encoding).
    var isHidden: Bool { bytes.first == UInt8(ascii: ".") }

    /// Whether the name (as bytes, so also an invalid one) ends in an image extension.
    var hasImageExtension: Bool {
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let suffix = String(decoding: bytes[(dot + 1)...], as: UTF8.self).lowercased()
        return ImageFolderDataset.imageExtensions.contains(suffix)
    }

    /// The name with each byte that is not part of valid UTF-8 written as `\xNN` (`ros\xE9s`).
    var escapedName: String {
        if let name { return name }
        var result = "", index = 0
        while index < bytes.count {
            var matched = false
            for length in (1...4).reversed() where index + length <= bytes.count {
                if let text = String(validatingUTF8: (bytes[index..<(index + length)] + [0]).map { CChar(bitPattern: $0) }),
                   text.unicodeScalars.count == 1 {
                    result += text
                    index += length
                    matched = true
                    break
                }
            }
            if !matched {
                result += String(format: "\\x%02X", bytes[index])
                index += 1
            }
        }
        return result
    }
}

enum FolderListing {
    /// The entries of `folder` (without "." and ".."), in no particular order.
    /// - Throws: `ImageFolderError` naming the folder: `notAFolder`, `unreadableFolder`, `linkLoop`.
    static func entries(of folder: URL) throws -> [FolderEntry] {
        guard let directory = opendir(folder.path) else { throw error(errno: errno, path: folder.path) }
        defer { closedir(directory) }
        var entries: [FolderEntry] = []
        while let pointer = readdir(directory) {
            let bytes = withUnsafeBytes(of: pointer.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let name = String(validatingUTF8: (bytes + [0]).map { CChar(bitPattern: $0) })
            let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + bytes
            entries.append(FolderEntry(name: name, bytes: bytes, kind: kind(ofPath: path)))
        }
        return entries
    }

    /// The kind of the entry at `path` (`lstat`, then `stat` for links), given as bytes so that
    /// a name that is not UTF-8 is looked up as it is on disk.
    static func kind(ofPath bytes: [UInt8]) -> FolderEntry.Kind {
        let path = (bytes + [0]).map { CChar(bitPattern: $0) }
        var status = stat()
        guard lstat(path, &status) == 0 else { return .brokenLink(loop: false) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK:
            var target = stat()
            guard stat(path, &target) == 0 else { return .brokenLink(loop: errno == ELOOP) }
            switch target.st_mode & S_IFMT {
            case S_IFDIR: return .linkToFolder
            case S_IFREG: return .linkToFile
            default: return .special
            }
        default: return .special
        }
    }

    /// The error for a folder `opendir` could not open.
    static func error(errno code: Int32, path: String) -> ImageFolderError {
        switch code {
        case EACCES, EPERM: return .unreadableFolder(path: path, reason: "permission denied")
        case ELOOP: return .linkLoop(path: path)
        case ENOENT, ENOTDIR: return .notAFolder(path: path)
        default: return .unreadableFolder(path: path, reason: String(cString: strerror(code)))
        }
    }
}
