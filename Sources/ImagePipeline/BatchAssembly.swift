import Foundation
import Tensors

extension ImageDecoder {
    /// Decodes `files` on all cores, through `cache` when given (storing what fits);
    /// one result per file, in order, so a caller can skip, list or throw the failures.
    public static func decodeAll(_ files: [URL], cache: DecodedImageCache? = nil) -> [Result<RGBImage, Error>] {
        var results = [Result<RGBImage, Error>?](repeating: nil, count: files.count)
        results.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                base[i] = Result {
                    if let cached = cache?.image(for: files[i]) { return cached }
                    let image = try decode(contentsOf: files[i])
                    cache?.store(image, for: files[i])
                    return image
                }
            }
        }
        return results.map { $0! }
    }
}

extension AugmentationPlan {
    /// A batch [N, side, side, 3] in [0, 1], preprocessed on all cores: the training view
    /// of each image when `views` are given (one per image, side `cropTo`), else the test
    /// preprocessing (side `resizeTo`).
    public func batch(_ images: [RGBImage], views: [AugmentationView]?) -> Tensor {
        precondition(views == nil || views!.count == images.count, "one view per image")
        let side = views == nil ? testSize : trainSize
        let stride = side * side * 3
        var scalars = [Float](repeating: 0, count: images.count * stride)
        scalars.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: images.count) { i in
                if let views {
                    writeTrainImage(images[i], view: views[i], into: base + i * stride)
                } else {
                    writeTestImage(images[i], into: base + i * stride)
                }
            }
        }
        return Tensor(shape: [images.count, side, side, 3], scalars: scalars)
    }
}
