import Foundation

/// Why a folder cannot be read as an image dataset. Every case names the folder and the fix.
public enum ImageFolderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path does not exist or is not a folder.
    case notAFolder(path: String)
    /// The folder has no (non-hidden) sub-folders.
    case noClassFolders(path: String)
    /// A class folder holds no image files.
    case emptyClass(name: String, path: String)
    /// A class-order override does not name exactly the class folders present.
    case classOrderMismatch(path: String, missing: [String], unknown: [String], repeated: [String])
    /// A folder exists but cannot be listed (no permission, I/O error).
    case unreadableFolder(path: String, reason: String)
    /// A symbolic link that leads back to itself.
    case linkLoop(path: String)
    /// A link named like an image whose target does not exist.
    case brokenLink(path: String)
    /// A folder (or an image) whose name is not valid UTF-8, shown with its bad bytes as `\xNN`.
    case invalidName(folder: String, name: String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "\(path) is not a folder: pass --data with a folder holding one sub-folder of images per class"
        case .noClassFolders(let path):
            return "\(path) has no class folders: put each class's images in a sub-folder named for the class "
                + "(as in flower_photos/daisy/*.jpg)"
        case .emptyClass(let name, let path):
            return "class folder \(path) (class '\(name)') holds no .jpg, .jpeg or .png images: "
                + "add images to it or remove the folder"
        case .classOrderMismatch(let path, let missing, let unknown, let repeated):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("no folder for \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { parts.append("folders not listed: \(unknown.joined(separator: ", "))") }
            if !repeated.isEmpty { parts.append("listed twice: \(repeated.joined(separator: ", "))") }
            return "the class order given does not match the class folders of \(path) (\(parts.joined(separator: "; "))): "
                + "list every class folder exactly once"
        case .unreadableFolder(let path, let reason):
            return "\(path) cannot be read (\(reason)): give the user running lesson read access to it "
                + "(chmod -R u+rX '\(path)') or move it out of the data folder"
        case .linkLoop(let path):
            return "\(path) is a symbolic link that leads back to itself (a link loop): remove it, or point it at "
                + "a real folder or image"
        case .brokenLink(let path):
            return "\(path) is a symbolic link to a file that does not exist: remove it, or point it at an image"
        case .invalidName(let folder, let name):
            return "\(folder) holds '\(name)', whose name is not valid UTF-8 (Latin-1, perhaps); its images would "
                + "be lost: rename it with UTF-8 characters (for example `convmv -f latin1 -t utf8 -r --notest "
                + "'\(folder)'`)"
        }
    }
}

/// A folder with one sub-folder of images per class, the layout of `flower_photos/`
/// and of Keras's `image_dataset_from_directory`.
///
/// Classes are the sub-folder names sorted by code point (as Python's `sorted`), so
/// labels are stable. Images are found at any depth under a class folder, as Keras'
/// `image_dataset_from_directory` finds them (its `os.walk`, folders in sorted path order,
/// each folder's files sorted by name). Hidden entries (names starting with ".") and files
/// that are not .jpg, .jpeg or .png (any case) are skipped and counted. Symbolic links to
/// folders are not followed (Keras' default, `follow_links=False`), so a link loop cannot
/// make listing endless; links to files are read like files. A name that is not valid UTF-8,
/// an unreadable folder, a link loop or a broken link named like an image is an error naming
/// it, never a silent drop.
/// Listing does not decode: files that fail to decode are found by `decodableSubset`
/// or by the batch loader, and listed with their reason.
public struct ImageFolderDataset: Sendable {
    /// One image file with its class.
    public struct Item: Equatable, Sendable {
        /// The image file.
        public let url: URL
        /// The class index, into `classNames`.
        public let label: Int
        /// The class name (its folder's name).
        public let className: String
    }

    /// The extensions read as images (compared lower-cased).
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// The dataset folder.
    public let root: URL
    /// The class names; label `i` is `classNames[i]`.
    public let classNames: [String]
    /// Every image file, class by class, each class's files in name order.
    public private(set) var items: [Item]
    /// Hidden files and folders skipped (at the top level and inside class folders).
    public let skippedHidden: Int
    /// Other entries skipped: files of other types, and links to folders (not followed).
    public let skippedOther: Int
    /// The links to folders that were not followed (counted in `skippedOther`), relative to the
    /// root: a class linked in from elsewhere is not a class, and a learner should be told so.
    public let linksNotFollowed: [String]
    /// The names of the entries of the root itself that are neither class folders nor hidden (a
    /// generator's `manifest.json`, a README, links to folders): counted in `skippedOther`.
    public let otherRootEntries: [String]

    /// Lists the dataset at `root`. `classOrder`, when given, fixes the label order and
    /// must name every class folder exactly once.
    public init(root: URL, classOrder: [String]? = nil) throws {
        switch FolderListing.kind(ofPath: Array(root.path.utf8)) {
        case .folder, .linkToFolder: break  // the root itself may be given through a link
        case .brokenLink(loop: true): throw ImageFolderError.linkLoop(path: root.path)
        default: throw ImageFolderError.notAFolder(path: root.path)
        }
        var hidden = 0, other = 0, links: [String] = [], rootOthers: [String] = []
        var classFolders: [String] = []
        for entry in try Self.sortedEntries(of: root) {
            if entry.isHidden { hidden += 1; continue }
            guard entry.kind == .folder else {
                // Links to folders are not followed here either: `selfclass -> .` would be a
                // class holding every image.
                if entry.kind == .linkToFolder { links.append(entry.escapedName) }
                rootOthers.append(entry.escapedName)
                other += 1
                continue
            }
            guard let name = entry.name else {
                throw ImageFolderError.invalidName(folder: root.path, name: entry.escapedName)
            }
            classFolders.append(name)
        }
        guard !classFolders.isEmpty else { throw ImageFolderError.noClassFolders(path: root.path) }
        let classNames = try Self.ordered(classFolders, by: classOrder, root: root)

        var items: [Item] = []
        for (label, name) in classNames.enumerated() {
            let folder = root.appendingPathComponent(name, isDirectory: true)
            let walk = try Self.imageFiles(under: folder)
            hidden += walk.hidden
            other += walk.other
            links += walk.links.map { name + "/" + $0 }
            if walk.files.isEmpty { throw ImageFolderError.emptyClass(name: name, path: folder.path) }
            items += walk.files.map { Item(url: $0, label: label, className: name) }
        }
        self.root = root
        self.classNames = classNames
        self.items = items
        self.skippedHidden = hidden
        self.skippedOther = other
        self.linksNotFollowed = links
        self.otherRootEntries = rootOthers
    }

    /// The number of images.
    public var count: Int { items.count }

    /// The number of classes.
    public var classCount: Int { classNames.count }

    /// The label of every item, in item order.
    public var labels: [Int] { items.map(\.label) }

    /// The number of images of each class, indexed by label.
    public func countsPerClass(of indices: [Int]? = nil) -> [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for index in indices ?? Array(items.indices) { counts[items[index].label] += 1 }
        return counts
    }

    /// The same dataset without the items at `indices` (for files found undecodable).
    public func removing(_ indices: Set<Int>) -> ImageFolderDataset {
        var copy = self
        copy.items = items.enumerated().filter { !indices.contains($0.offset) }.map(\.element)
        return copy
    }

    /// The image files directly in `folder` (no sub-folders), sorted by name, with the same
    /// checks as a class folder's: a name that is not UTF-8 or a broken link is an error.
    public static func images(directlyIn folder: URL) throws -> [URL] {
        try sortedEntries(of: folder).compactMap { entry in
            guard !entry.isHidden, entry.hasImageExtension else { return nil }
            guard let name = entry.name else {
                throw ImageFolderError.invalidName(folder: folder.path, name: entry.escapedName)
            }
            let url = folder.appendingPathComponent(name)
            switch entry.kind {
            case .file, .linkToFile: return url
            case .brokenLink(let loop): throw loop ? ImageFolderError.linkLoop(path: url.path)
                : ImageFolderError.brokenLink(path: url.path)
            default: return nil
            }
        }
    }

    /// The entries of `folder`, sorted by Unicode code point (Python's `sorted`); names that are
    /// not UTF-8 sort by their bytes, after the others.
    static func sortedEntries(of folder: URL) throws -> [FolderEntry] {
        try FolderListing.entries(of: folder).sorted { first, second in
            switch (first.name, second.name) {
            case let (a?, b?): return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return first.bytes.lexicographicallyPrecedes(second.bytes)
            }
        }
    }

    /// The image files at any depth under `folder`: folders in sorted path order, each one's
    /// files in name order (Keras' sorted `os.walk`), with the hidden and other entries skipped.
    static func imageFiles(under folder: URL) throws -> (files: [URL], hidden: Int, other: Int, links: [String]) {
        var hidden = 0, other = 0, links: [String] = []
        var folders: [(relative: String, files: [URL])] = []
        var pending: [(url: URL, relative: String)] = [(folder, "")]
        while let (current, relative) = pending.popLast() {
            var files: [URL] = []
            for entry in try sortedEntries(of: current) {
                if entry.isHidden { hidden += 1; continue }
                let isImage = entry.hasImageExtension
                guard let name = entry.name else {
                    // A folder or an image that cannot be named would be lost with everything in it.
                    guard entry.kind == .folder || isImage else { other += 1; continue }
                    throw ImageFolderError.invalidName(folder: current.path, name: entry.escapedName)
                }
                let url = current.appendingPathComponent(name)
                switch entry.kind {
                case .folder:
                    pending.append((url, relative.isEmpty ? name : relative + "/" + name))
                case .file where isImage, .linkToFile where isImage:
                    files.append(url)
                case .brokenLink(let loop) where isImage:
                    throw loop ? ImageFolderError.linkLoop(path: url.path) : ImageFolderError.brokenLink(path: url.path)
                case .linkToFolder:
                    links.append(relative.isEmpty ? name : relative + "/" + name)
                    other += 1  // not followed: a link to a folder could lead back up the tree
                default:
                    other += 1
                }
            }
            folders.append((relative, files))
        }
        folders.sort { $0.relative.unicodeScalars.lexicographicallyPrecedes($1.relative.unicodeScalars) }
        return (folders.flatMap(\.files), hidden, other, links.sorted())
    }

    /// The class folders in the order of `classOrder`, or sorted when it is nil.
    static func ordered(_ folders: [String], by classOrder: [String]?, root: URL) throws -> [String] {
        guard let classOrder else { return folders }
        let missing = classOrder.filter { !folders.contains($0) }
        let unknown = folders.filter { !classOrder.contains($0) }
        let repeated = Dictionary(grouping: classOrder, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        guard missing.isEmpty, unknown.isEmpty, repeated.isEmpty else {
            throw ImageFolderError.classOrderMismatch(path: root.path, missing: missing, unknown: unknown,
                                                      repeated: repeated)
        }
        return classOrder
    }
}
