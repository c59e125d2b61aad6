/// Decides, entry by entry and before anything is written, whether an archive
/// entry stays inside the extraction folder.
///
/// This is the project's own check, in front of libarchive's secure extraction flags:
/// - paths must be relative and free of `..` components;
/// - no entry may be written through a symbolic link, or replace one;
/// - a symbolic link must be relative, its target only leading `..` then names, and it
///   must resolve inside the folder; it may not replace a folder made by earlier entries;
/// - a hard link must name an earlier entry by a safe path, and not a symbolic link
///   (a hard link to a symlink would copy its relative target to another folder);
/// - devices, FIFOs and sockets are never extracted.
struct ArchiveEntryPolicy {
    /// What an entry creates.
    enum Kind: Equatable {
        case regularFile
        case directory
        case symbolicLink(target: String)
        case hardLink(target: String)
        /// Anything else (device, FIFO, socket), by a human-readable name.
        case unsupported(String)
    }

    /// What to do with an admitted entry.
    enum Decision: Equatable {
        /// Extract it at `path` (normalized); a hard link points at `hardLinkTarget` (normalized).
        case extract(path: String, hardLinkTarget: String?)
        /// The archive's own root folder ("./"): it is the extraction folder, nothing to write.
        case skip
    }

    /// Why an entry was refused, in words that follow the entry's name.
    struct Rejection: Error, Equatable {
        let reason: String
    }

    /// Normalized paths of the symbolic links admitted so far.
    private var links: Set<[String]> = []
    /// Folders that exist because of the entries admitted so far.
    private var folders: Set<[String]> = []

    /// Admits or rejects the next entry of the archive.
    mutating func admit(path: String, kind: Kind) throws -> Decision {
        if let problem = RelativePath.problem(with: path) { throw Rejection(reason: problem) }
        let parts = RelativePath.components(of: path)
        if parts.isEmpty {
            guard kind == .directory else { throw Rejection(reason: "names the extraction folder itself") }
            return .skip
        }
        try checkWritable(parts, what: "its path")
        var hardLinkTarget: String?
        switch kind {
        case .regularFile:
            break
        case .directory:
            folders.insert(parts)
        case .symbolicLink(let target):
            try admitLink(at: parts, target: target)
        case .hardLink(let target):
            hardLinkTarget = try admitHardLink(target: target)
        case .unsupported(let name):
            throw Rejection(reason: "is a \(name), which is never extracted")
        }
        for depth in 1..<parts.count { folders.insert(Array(parts.prefix(depth))) }
        return .extract(path: parts.joined(separator: "/"), hardLinkTarget: hardLinkTarget)
    }

    /// Rejects a path that goes through, or replaces, an admitted symbolic link.
    private func checkWritable(_ parts: [String], what: String) throws {
        if links.contains(parts) {
            let link = parts.joined(separator: "/")
            throw Rejection(reason: "would replace the symbolic link \(link) made by an earlier entry")
        }
        for depth in 1..<max(parts.count, 1) where links.contains(Array(parts.prefix(depth))) {
            let link = parts.prefix(depth).joined(separator: "/")
            throw Rejection(reason: "has \(what) going through the symbolic link \(link)")
        }
    }

    private mutating func admitLink(at parts: [String], target: String) throws {
        if target.isEmpty { throw Rejection(reason: "is a symbolic link with an empty target") }
        if target.hasPrefix("/") {
            throw Rejection(reason: "is a symbolic link to the absolute path \(target), outside the folder")
        }
        guard RelativePath.resolve(linkTarget: target, from: Array(parts.dropLast())) != nil else {
            throw Rejection(reason: "is a symbolic link to \(target), which leaves the folder "
                + "(only leading \"..\" that stay inside it are allowed)")
        }
        if folders.contains(parts) {
            throw Rejection(reason: "is a symbolic link replacing a folder made by earlier entries")
        }
        links.insert(parts)
    }

    private func admitHardLink(target: String) throws -> String {
        if let problem = RelativePath.problem(with: target) {
            throw Rejection(reason: "is a hard link to \(target), which \(problem)")
        }
        let parts = RelativePath.components(of: target)
        if parts.isEmpty { throw Rejection(reason: "is a hard link with an empty target") }
        if links.contains(parts) {
            throw Rejection(reason: "is a hard link to the symbolic link \(target)")
        }
        try checkWritable(parts, what: "its target")
        return parts.joined(separator: "/")
    }
}
