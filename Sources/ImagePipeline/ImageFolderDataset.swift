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
/// make listing endless; links to files are read like files.
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

    /// Lists the dataset at `root`. `classOrder`, when given, fixes the label order and
    /// must name every class folder exactly once.
    public init(root: URL, classOrder: [String]? = nil) throws {
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ImageFolderError.notAFolder(path: root.path)
        }
        var hidden = 0, other = 0
        var classFolders: [String] = []
        for name in try Self.sortedEntries(of: root) {
            if name.hasPrefix(".") { hidden += 1; continue }
            if Self.isFolder(root.appendingPathComponent(name)) { classFolders.append(name) } else { other += 1 }
        }
        guard !classFolders.isEmpty else { throw ImageFolderError.noClassFolders(path: root.path) }
        let classNames = try Self.ordered(classFolders, by: classOrder, root: root)

        var items: [Item] = []
        for (label, name) in classNames.enumerated() {
            let folder = root.appendingPathComponent(name, isDirectory: true)
            let walk = try Self.imageFiles(under: folder)
            hidden += walk.hidden
            other += walk.other
            if walk.files.isEmpty { throw ImageFolderError.emptyClass(name: name, path: folder.path) }
            items += walk.files.map { Item(url: $0, label: label, className: name) }
        }
        self.root = root
        self.classNames = classNames
        self.items = items
        self.skippedHidden = hidden
        self.skippedOther = other
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

    /// The names in `folder`, sorted by Unicode code point (Python's `sorted`).
    static func sortedEntries(of folder: URL) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        } catch {
            throw ImageFolderError.notAFolder(path: folder.path)
        }
    }

    /// The image files at any depth under `folder`: folders in sorted path order, each one's
    /// files in name order (Keras' sorted `os.walk`), with the hidden and other entries skipped.
    static func imageFiles(under folder: URL) throws -> (files: [URL], hidden: Int, other: Int) {
        var hidden = 0, other = 0
        var folders: [(relative: String, files: [URL])] = []
        var pending: [(url: URL, relative: String)] = [(folder, "")]
        while let (current, relative) = pending.popLast() {
            var files: [URL] = []
            for entry in try sortedEntries(of: current) {
                if entry.hasPrefix(".") { hidden += 1; continue }
                let url = current.appendingPathComponent(entry)
                if isSymbolicLink(url) && isFolder(url) {
                    other += 1  // not followed: a link to a folder could lead back up the tree
                } else if isFolder(url) {
                    pending.append((url, relative.isEmpty ? entry : relative + "/" + entry))
                } else if imageExtensions.contains(url.pathExtension.lowercased()) {
                    files.append(url)
                } else {
                    other += 1
                }
            }
            folders.append((relative, files))
        }
        folders.sort { $0.relative.unicodeScalars.lexicographicallyPrecedes($1.relative.unicodeScalars) }
        return (folders.flatMap(\.files), hidden, other)
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]))?.isSymbolicLink == true
    }

    static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
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
