import Foundation
import ProceduralImages
import Tensors

extension SyntheticShapes {
    /// The images of (`classIndices[i]`, `sampleIndices[i]`) as one NHWC byte buffer
    /// (`count * imageSize * imageSize * 3` bytes, RGB), drawn on all cores with one Cairo
    /// surface per worker, without touching the disk.
    public func batchRGB(classIndices: [Int], sampleIndices: [Int]) throws -> [UInt8] {
        guard classIndices.count == sampleIndices.count else {
            throw SyntheticShapesError.mismatchedIndices(classCount: classIndices.count,
                                                         sampleCount: sampleIndices.count)
        }
        for classIndex in classIndices { try validate(classIndex) }
        let count = classIndices.count
        let imageBytes = bytesPerImage
        var bytes = [UInt8](repeating: 0, count: count * imageBytes)
        guard count > 0 else { return bytes }
        let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
        let workerErrors = WorkerProgress(total: workers)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                guard let canvas = Canvas(width: imageSize, height: imageSize) else {
                    workerErrors.fail(SyntheticShapesError.surfaceUnavailable(size: imageSize))
                    return
                }
                // Each worker draws every `workers`-th image into its own slice of the buffer.
                for item in stride(from: worker, to: count, by: workers) {
                    let slice = UnsafeMutableBufferPointer(start: base + item * imageBytes, count: imageBytes)
                    draw(classIndex: classIndices[item], sampleIndex: sampleIndices[item], on: canvas, into: slice)
                }
            }
        }
        if let error = workerErrors.error { throw error }
        return bytes
    }

    /// The same images as a `[count, imageSize, imageSize, 3]` tensor with values in [0, 1],
    /// the range the image pipeline hands to the model (each byte divided by 255, as it does).
    public func batch(classIndices: [Int], sampleIndices: [Int]) throws -> Tensor {
        let bytes = try batchRGB(classIndices: classIndices, sampleIndices: sampleIndices)
        let scalars = bytes.map { Float($0) / 255 }
        return Tensor(shape: [classIndices.count, imageSize, imageSize, 3], scalars: scalars)
    }
}
