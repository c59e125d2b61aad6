import Foundation
import NumPyIO
import Tensors

/// Saving and loading a trained head as `.npz`, so the evaluate cell (or a rerun) can load the
/// train cell's result without training again.
///
/// Keys follow Keras' weight names for a `Dense` layer: `dense/kernel` [D, C] and `dense/bias` [C].
public extension DenseHead {
    /// The archive key of the kernel.
    static let kernelKey = "dense/kernel"
    /// The archive key of the bias.
    static let biasKey = "dense/bias"

    /// Writes the head to `url` (atomically, through NumPyIO).
    func save(to url: URL) throws {
        do {
            try NumPyArchive.write([Self.kernelKey: weightTensor, Self.biasKey: biasTensor], to: url)
        } catch {
            throw TrainingError.writeFailed(path: url.path, reason: "\(error)")
        }
    }

    /// Reads a head written by `save(to:)`.
    static func load(from url: URL) throws -> DenseHead {
        let arrays: [String: Tensor]
        do {
            arrays = try NumPyArchive.read(from: url)
        } catch {
            throw TrainingError.unreadableFile(path: url.path, reason: "\(error)")
        }
        guard let kernel = arrays[kernelKey], let bias = arrays[biasKey] else {
            throw TrainingError.unreadableFile(path: url.path,
                                               reason: "expected arrays '\(kernelKey)' and '\(biasKey)', found \(arrays.keys.sorted())")
        }
        for (key, tensor) in [(kernelKey, kernel), (biasKey, bias)] {
            if let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                throw TrainingError.unreadableFile(
                    path: url.path, reason: "'\(key)' holds \(tensor.scalars[index]) at element \(index); a head's "
                        + "weights must be finite numbers, train the head again")
            }
        }
        return try DenseHead(weights: kernel, bias: bias)
    }
}
