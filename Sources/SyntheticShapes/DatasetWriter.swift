import Foundation

/// What a written dataset folder holds, written last as `manifest.json`.
public struct SyntheticShapesManifest: Codable, Equatable, Sendable {
    public var generator: String
    public var generatorVersion: Int
    public var seed: UInt64
    public var imageSize: Int
    public var imagesPerClass: Int
    public var classNames: [String]
}

extension SyntheticShapes {
    /// The manifest's file name, in the dataset's root next to the class folders.
    public static let manifestFileName = "manifest.json"

    /// The manifest describing a dataset of `imagesPerClass` images per class from this generator.
    public func manifest(imagesPerClass: Int) -> SyntheticShapesManifest {
        SyntheticShapesManifest(generator: "synthetic-shapes", generatorVersion: Self.generatorVersion, seed: seed,
                                imageSize: imageSize, imagesPerClass: imagesPerClass, classNames: Self.classNames)
    }

    /// The file name of one sample, as `star_0007.png`.
    public static func fileName(classIndex: Int, sampleIndex: Int) -> String {
        "\(classNames[classIndex])_\(String(format: "%04d", sampleIndex)).png"
    }

    /// Writes `folder/<class>/<class>_<0000>.png` for every class and `folder/manifest.json`,
    /// replacing whatever `folder` held, for looking at the data (training draws images
    /// straight into memory with `batch`). The images go into a temporary sibling folder
    /// that is renamed into place at the end, so an interrupted run never leaves a half dataset.
    public func writeDataset(to folder: URL, imagesPerClass: Int) throws {
        guard imagesPerClass > 0 else { throw SyntheticShapesError.invalidImageCount(imagesPerClass) }
        let fileManager = FileManager.default
        let staging = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try writeImages(into: staging, imagesPerClass: imagesPerClass)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest(imagesPerClass: imagesPerClass))
                .write(to: staging.appendingPathComponent(Self.manifestFileName))
            try replace(folder, with: staging)
        } catch {
            try? fileManager.removeItem(at: staging)
            if let known = error as? SyntheticShapesError { throw known }
            throw SyntheticShapesError.cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
    }

    /// Draws each class's images in memory, then writes them as PNG files, one class per task.
    private func writeImages(into staging: URL, imagesPerClass: Int) throws {
        let fileManager = FileManager.default
        for name in Self.classNames {
            try fileManager.createDirectory(at: staging.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let errors = FirstError()
        DispatchQueue.concurrentPerform(iterations: Self.classNames.count) { classIndex in
            do {
                let samples = Array(0..<imagesPerClass)
                let bytes = try batchRGB(classIndices: samples.map { _ in classIndex }, sampleIndices: samples)
                guard let canvas = Canvas(width: imageSize, height: imageSize) else {
                    throw SyntheticShapesError.surfaceUnavailable(size: imageSize)
                }
                for sample in samples {
                    canvas.setRGB(Array(bytes[sample * bytesPerImage..<(sample + 1) * bytesPerImage]))
                    let url = staging.appendingPathComponent(Self.classNames[classIndex])
                        .appendingPathComponent(Self.fileName(classIndex: classIndex, sampleIndex: sample))
                    if let reason = canvas.writePNG(to: url) {
                        throw SyntheticShapesError.cannotWrite(path: url.path, reason: reason)
                    }
                }
            } catch {
                errors.keep(error)
            }
        }
        if let error = errors.first { throw error }
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

/// The first error any worker hit, shared by the worker threads.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    var first: Error? { lock.withLock { error } }

    func keep(_ error: Error) { lock.withLock { if self.error == nil { self.error = error } } }
}
