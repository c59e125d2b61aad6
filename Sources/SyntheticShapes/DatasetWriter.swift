import Foundation
import ProceduralImages

/// What a written dataset folder holds, written last as `manifest.json` (see `DatasetManifest`).
public typealias SyntheticShapesManifest = DatasetManifest

extension SyntheticShapes {
    /// Writes `folder/<class>/<class>_<0000>.png` for every class and `folder/manifest.json`,
    /// replacing whatever `folder` held, atomically (see `DatasetFolder`), for looking at the
    /// data (training draws images straight into memory with `batch`).
    public func writeDataset(to folder: URL, imagesPerClass: Int) throws {
        guard imagesPerClass > 0 else { throw SyntheticShapesError.invalidImageCount(imagesPerClass) }
        let layout = datasetFolder(imagesPerClass: imagesPerClass)
        try layout.write(to: folder, cannotWrite: SyntheticShapesError.cannotWrite) { staging in
            try writeImages(of: layout, into: staging)
        }
    }

    /// Draws each class's images in memory, then writes them as PNG files, one class per task.
    private func writeImages(of layout: DatasetFolder, into staging: URL) throws {
        let samples = Array(0..<layout.manifest.imagesPerClass)
        let tracker = WorkerProgress(total: Self.classNames.count)
        DispatchQueue.concurrentPerform(iterations: Self.classNames.count) { classIndex in
            do {
                let bytes = try batchRGB(classIndices: samples.map { _ in classIndex }, sampleIndices: samples)
                guard let canvas = Canvas(width: imageSize, height: imageSize) else {
                    throw SyntheticShapesError.surfaceUnavailable(size: imageSize)
                }
                for sample in samples {
                    canvas.setRGB(Array(bytes[sample * bytesPerImage..<(sample + 1) * bytesPerImage]))
                    let url = layout.imageURL(in: staging, classIndex: classIndex, sampleIndex: sample)
                    if let reason = canvas.writePNG(to: url) {
                        throw SyntheticShapesError.cannotWrite(path: url.path, reason: reason)
                    }
                }
                tracker.finished()
            } catch {
                tracker.fail(error)
            }
        }
        if let error = tracker.error { throw error }
    }
}
