import Foundation
import ProceduralImages

/// What a generated dataset folder holds, written last as `manifest.json` (see `DatasetManifest`).
public typealias SyntheticFlowersManifest = DatasetManifest

extension SyntheticFlowers {
    /// Whether `folder` holds exactly the dataset `writeDataset` would write: a matching
    /// manifest and every image file present.
    public func isCurrentDataset(at folder: URL, imagesPerClass: Int) -> Bool {
        datasetFolder(imagesPerClass: imagesPerClass).isCurrent(at: folder)
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
    /// replacing whatever `folder` held, atomically (see `DatasetFolder`). The images are drawn
    /// on all cores; `progress` is called (serially, from worker threads) after each image.
    public func writeDataset(to folder: URL, imagesPerClass: Int,
                             progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws {
        guard imagesPerClass > 0 else { throw SyntheticFlowersError.invalidImageCount(imagesPerClass) }
        let layout = datasetFolder(imagesPerClass: imagesPerClass)
        try layout.write(to: folder, cannotWrite: SyntheticFlowersError.cannotWrite) { staging in
            try writeImages(of: layout, into: staging, progress: progress)
        }
    }

    /// Draws and writes every image into `staging`, one image per task.
    private func writeImages(of layout: DatasetFolder, into staging: URL, progress: ((Int, Int) -> Void)?) throws {
        let imagesPerClass = layout.manifest.imagesPerClass
        let total = imagesPerClass * Self.classNames.count
        let tracker = WorkerProgress(total: total, report: progress)
        DispatchQueue.concurrentPerform(iterations: total) { item in
            guard !tracker.failed else { return }
            let classIndex = item / imagesPerClass, sampleIndex = item % imagesPerClass
            let url = layout.imageURL(in: staging, classIndex: classIndex, sampleIndex: sampleIndex)
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
}
