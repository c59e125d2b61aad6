import Foundation

/// What a generated dataset folder holds, written last as `manifest.json`, so that a folder
/// with a matching manifest is complete and current.
public struct DatasetManifest: Codable, Equatable, Sendable {
    public var generator: String
    public var generatorVersion: Int
    public var seed: UInt64
    public var imageSize: Int
    public var imagesPerClass: Int
    public var classNames: [String]

    /// A manifest for `imagesPerClass` images of each of `classNames` from one generator.
    public init(generator: String, generatorVersion: Int, seed: UInt64, imageSize: Int,
                imagesPerClass: Int, classNames: [String]) {
        self.generator = generator
        self.generatorVersion = generatorVersion
        self.seed = seed
        self.imageSize = imageSize
        self.imagesPerClass = imagesPerClass
        self.classNames = classNames
    }
}

/// The layout of a generated image dataset on disk, `<root>/<class>/<class>_<0000>.png` plus
/// `<root>/manifest.json`, and its atomic writing: everything goes into a hidden sibling
/// staging folder that is renamed into place at the end, so an interrupted run never leaves
/// a half dataset (a killed run's leftovers are deleted by a later run, once an hour old).
public struct DatasetFolder: Sendable {
    /// The manifest's file name, in the dataset's root next to the class folders.
    public static let manifestFileName = "manifest.json"

    /// How old a staging or moved-aside folder must be before a later run deletes it as
    /// abandoned (left by a run that was killed); younger ones may belong to a running generation.
    public static let abandonedAge: TimeInterval = 3600

    /// The manifest the folder holds when complete.
    public let manifest: DatasetManifest

    /// The layout of the dataset `manifest` describes.
    public init(manifest: DatasetManifest) {
        self.manifest = manifest
    }

    /// The file name of one sample, as `daisy_0007.png`.
    public static func fileName(className: String, sampleIndex: Int) -> String {
        "\(className)_\(String(format: "%04d", sampleIndex)).png"
    }

    /// Where sample `sampleIndex` of class `classIndex` lies below `root`.
    public func imageURL(in root: URL, classIndex: Int, sampleIndex: Int) -> URL {
        let className = manifest.classNames[classIndex]
        return root.appendingPathComponent(className)
            .appendingPathComponent(Self.fileName(className: className, sampleIndex: sampleIndex))
    }

    /// Whether `folder` holds exactly this dataset: a matching manifest and every image file present.
    public func isCurrent(at folder: URL) -> Bool {
        let manifestURL = folder.appendingPathComponent(Self.manifestFileName)
        guard let data = try? Data(contentsOf: manifestURL),
              let found = try? JSONDecoder().decode(DatasetManifest.self, from: data),
              found == manifest
        else { return false }
        return manifest.classNames.allSatisfy { className in
            let classFolder = folder.appendingPathComponent(className)
            let names = Set((try? FileManager.default.contentsOfDirectory(atPath: classFolder.path)) ?? [])
            return (0..<manifest.imagesPerClass).allSatisfy {
                names.contains(Self.fileName(className: className, sampleIndex: $0))
            }
        }
    }

    /// Writes the dataset to `folder`, replacing whatever it held: creates the class folders
    /// in a staging folder, lets `writeImages` fill them (see `imageURL(in:classIndex:sampleIndex:)`),
    /// writes the manifest, then renames the staging folder into place. Errors of the
    /// generator's own type `Failure` pass through; any other becomes `cannotWrite(path, reason)`.
    public func write<Failure: Error>(to folder: URL,
                                      cannotWrite: (_ path: String, _ reason: String) -> Failure,
                                      writeImages: (_ staging: URL) throws -> Void) throws {
        let fileManager = FileManager.default
        Self.removeAbandonedSiblings(of: folder)
        let staging = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            for name in manifest.classNames {
                try fileManager.createDirectory(at: staging.appendingPathComponent(name),
                                                withIntermediateDirectories: true)
            }
            try writeImages(staging)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest).write(to: staging.appendingPathComponent(Self.manifestFileName))
            try Self.replace(folder, with: staging)
        } catch {
            try? fileManager.removeItem(at: staging)
            if let known = error as? Failure { throw known }
            throw cannotWrite(folder.path, error.localizedDescription)
        }
    }

    /// Moves `staging` to `folder`, moving any old `folder` aside first and deleting it after.
    private static func replace(_ folder: URL, with staging: URL) throws {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: folder.path) else {
            try fileManager.moveItem(at: staging, to: folder)
            return
        }
        let old = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).old-\(UUID().uuidString)")
        try fileManager.moveItem(at: folder, to: old)
        try fileManager.moveItem(at: staging, to: folder)
        try? fileManager.removeItem(at: old)
    }

    /// Deletes `.<name>.partial-*` and `.<name>.old-*` siblings of `folder` older than `abandonedAge`.
    static func removeAbandonedSiblings(of folder: URL) {
        let fileManager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let prefixes = [".\(folder.lastPathComponent).partial-", ".\(folder.lastPathComponent).old-"]
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let url = parent.appendingPathComponent(name)
            let modified = (try? fileManager.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, -modified.timeIntervalSinceNow > abandonedAge {
                try? fileManager.removeItem(at: url)
            }
        }
    }
}
