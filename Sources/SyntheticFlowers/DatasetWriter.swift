import Foundation

/// What a generated dataset folder holds, written last as `manifest.json`, so that a folder
/// with a matching manifest is complete and current.
public struct SyntheticFlowersManifest: Codable, Equatable, Sendable {
    public var generator: String
    public var generatorVersion: Int
    public var seed: UInt64
    public var imageSize: Int
    public var imagesPerClass: Int
    public var classNames: [String]
}

extension SyntheticFlowers {
    /// The manifest's file name, in the dataset's root next to the class folders.
    public static let manifestFileName = "manifest.json"

    /// The manifest describing a dataset of `imagesPerClass` images per class from this generator.
    public func manifest(imagesPerClass: Int) -> SyntheticFlowersManifest {
        SyntheticFlowersManifest(generator: "synthetic-flowers", generatorVersion: Self.generatorVersion, seed: seed,
                                 imageSize: imageSize, imagesPerClass: imagesPerClass, classNames: Self.classNames)
    }

    /// The file name of one sample, as `daisy_0007.png`.
    public static func fileName(classIndex: Int, sampleIndex: Int) -> String {
        "\(classNames[classIndex])_\(String(format: "%04d", sampleIndex)).png"
    }

    /// Whether `folder` holds exactly the dataset `writeDataset` would write: a matching
    /// manifest and every image file present.
    public func isCurrentDataset(at folder: URL, imagesPerClass: Int) -> Bool {
        let manifestURL = folder.appendingPathComponent(Self.manifestFileName)
        guard let data = try? Data(contentsOf: manifestURL),
              let found = try? JSONDecoder().decode(SyntheticFlowersManifest.self, from: data),
              found == manifest(imagesPerClass: imagesPerClass)
        else { return false }
        return Self.classNames.indices.allSatisfy { classIndex in
            let classFolder = folder.appendingPathComponent(Self.classNames[classIndex])
            let names = Set((try? FileManager.default.contentsOfDirectory(atPath: classFolder.path)) ?? [])
            return (0..<imagesPerClass).allSatisfy { names.contains(Self.fileName(classIndex: classIndex, sampleIndex: $0)) }
        }
    }

    /// Writes the dataset unless `folder` already holds it; returns whether it wrote.
    @discardableResult
    public func ensureDataset(at folder: URL, imagesPerClass: Int,
                              progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> Bool {
        if isCurrentDataset(at: folder, imagesPerClass: imagesPerClass) { return false }
        try writeDataset(to: folder, imagesPerClass: imagesPerClass, progress: progress)
        return true
    }

    /// Writes `folder/<class>/<class>_<0000>.png` for every class and `folder/manifest.json`,
    /// replacing whatever `folder` held. The images are drawn on all cores into a temporary
    /// sibling folder that is renamed into place at the end, so an interrupted run never
    /// leaves a half dataset (a killed run's leftovers are deleted by a later run, once an hour
    /// old). `progress` is called (serially, from worker threads) after each image.
    public func writeDataset(to folder: URL, imagesPerClass: Int,
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        guard imagesPerClass > 0 else { throw SyntheticFlowersError.invalidImageCount(imagesPerClass) }
        let fileManager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        removeAbandonedSiblings(of: folder)
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try writeImages(into: staging, imagesPerClass: imagesPerClass, progress: progress)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest(imagesPerClass: imagesPerClass))
                .write(to: staging.appendingPathComponent(Self.manifestFileName))
            try replace(folder, with: staging)
        } catch {
            try? fileManager.removeItem(at: staging)
            if let known = error as? SyntheticFlowersError { throw known }
            throw SyntheticFlowersError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
    }

    /// Draws and writes every image into `staging`, spreading the work over the cores.
    private func writeImages(into staging: URL, imagesPerClass: Int,
                             progress: ((Int, Int) -> Void)?) throws {
        for name in Self.classNames {
            try FileManager.default.createDirectory(at: staging.appendingPathComponent(name),
                                                    withIntermediateDirectories: true)
        }
        let total = imagesPerClass * Self.classNames.count
        let tracker = ProgressTracker(total: total, report: progress)
        DispatchQueue.concurrentPerform(iterations: total) { item in
            guard !tracker.failed else { return }
            let classIndex = item / imagesPerClass, sampleIndex = item % imagesPerClass
            let url = staging.appendingPathComponent(Self.classNames[classIndex])
                .appendingPathComponent(Self.fileName(classIndex: classIndex, sampleIndex: sampleIndex))
            do {
                let canvas = try paint(classIndex: classIndex, sampleIndex: sampleIndex)
                if let reason = canvas.writePNG(to: url) {
                    throw SyntheticFlowersError.cannotWrite(path: url.path, reason: reason)
                }
                tracker.finished()
            } catch {
                tracker.fail(error)
            }
        }
        if let error = tracker.error { throw error }
    }

    /// Moves `staging` to `folder`, moving any old `folder` aside first and deleting it after.
    private func replace(_ folder: URL, with staging: URL) throws {
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
}

extension SyntheticFlowers {
    /// How old a staging or moved-aside folder must be before a later run deletes it as
    /// abandoned (left by a run that was killed); younger ones may belong to a running generation.
    static let abandonedAge: TimeInterval = 3600

    /// Deletes `.<name>.partial-*` and `.<name>.old-*` siblings of `folder` older than `abandonedAge`.
    func removeAbandonedSiblings(of folder: URL) {
        let fileManager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let prefixes = [".\(folder.lastPathComponent).partial-", ".\(folder.lastPathComponent).old-"]
        guard let names = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where prefixes.contains(where: name.hasPrefix) {
            let url = parent.appendingPathComponent(name)
            let modified = (try? fileManager.attributesOfItem(atPath: url.path)[.modificationDate]) as? Date
            if let modified, -modified.timeIntervalSinceNow > Self.abandonedAge {
                try? fileManager.removeItem(at: url)
            }
        }
    }
}

/// Counts finished images and keeps the first error, shared by the worker threads.
private final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let report: ((Int, Int) -> Void)?
    private var done = 0
    private var firstError: Error?

    init(total: Int, report: ((Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    var failed: Bool { lock.withLock { firstError != nil } }
    var error: Error? { lock.withLock { firstError } }

    func finished() {
        lock.withLock {
            done += 1
            report?(done, total)
        }
    }

    func fail(_ error: Error) {
        lock.withLock { if firstError == nil { firstError = error } }
    }
}
