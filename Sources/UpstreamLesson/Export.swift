import BiT
import Foundation
import LessonKit
import NumPyIO
import Tensors

/// Cell 5: the weights in the official BiT key layout, compared with the checkpoint lesson 62
/// ships (input `committed`, so replacing that file redoes the comparison instead of showing a
/// stale one).
struct Export: Cell {
    @Parameter var upstream: UpstreamTask
    @Parameter var exemplars: Int
    @Upstream var pretrained: PretrainedNetwork
    @Input var committed: ResolvedInput

    /// The checkpoint's name, here and in lesson 62's assets: a ResNet-v2 of 14 weight layers
    /// (root, 4 units x 3 convolutions, head) at half BiT-R50x1's width.
    static let checkpointName = "BiT-shapes-R14x0.5.npz"

    func run(_ context: CellContext) throws -> ExportedCheckpoint {
        var arrays = try NumPyArchive.read(from: pretrained.weights.url)
        if case .mixed(let exemplars) = UpstreamData(upstream, exemplars: exemplars) {
            let shapes = UpstreamData.shapes.classCount
            arrays = try Self.keepingFirstOutputs(shapes, of: arrays)
            context.summary.paragraph("The head keeps its \(shapes) shapes outputs only: the \(exemplars.formatted()) "
                + "dead-leaves outputs name images no one else has, and lesson 62 replaces the head anyway, so the "
                + "checkpoint stays the size of a shapes one.")
        }
        let output = try context.outputURL(named: Self.checkpointName)
        try NumPyArchive.write(arrays, to: output, compressed: true)
        let bytes = (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue ?? 0
        let copy = context.lesson.repositoryPath(committed.url)
        let exported = ExportedCheckpoint(file: Self.checkpointName, bytes: bytes, arrays: arrays.count, committed: copy,
                                          comparison: try Self.compare(arrays, withCommitted: committed, shownAs: copy))
        exported.report(context)
        return exported
    }
}

/// The exported checkpoint and how it compares with lesson 62's copy.
struct ExportedCheckpoint: Codable, Equatable {
    var file: String
    var bytes: Int
    var arrays: Int
    /// Where lesson 62's copy is, from the repository (`lessons/62-big-transfer/assets/...`).
    var committed: String
    /// The comparison with it, in words.
    var comparison: String

    func report(_ context: CellContext) {
        let size = String(format: "%.2f MB", Double(bytes) / 1e6)
        context.fact("checkpoint", "\(context.publishedPath(named: file)), \(size)")
        context.fact("committed copy", comparison)
        context.summary.table(headers: ["", ""], rows: [
            ["file", "`\(file)` (\(size), \(arrays) arrays)"],
            ["layout", "official BiT keys, e.g. `\(BiTCheckpoint.rootKernelKey)`"],
            ["lesson 62's copy", comparison],
        ])
        context.summary.paragraph("To make this checkpoint lesson 62's embedded backbone, copy it over the "
            + "committed one: `cp \(context.publishedPath(named: file)) \(committed)`.")
    }
}

extension Export {
    /// The checkpoint with its head cut to its first `count` outputs (kernel [1, 1, features, classes], bias [classes]).
    static func keepingFirstOutputs(_ count: Int, of arrays: [String: Tensor]) throws -> [String: Tensor] {
        guard let kernel = arrays[BiTCheckpoint.headKernelKey], let bias = arrays[BiTCheckpoint.headBiasKey],
              kernel.shape.count == 4, kernel.shape[3] >= count, bias.shape == [kernel.shape[3]]
        else {
            throw UpstreamError.invalidSetting("the trained weights have no head of at least \(count) outputs to export")
        }
        let features = kernel.shape[2], classes = kernel.shape[3]
        var result = arrays
        result[BiTCheckpoint.headKernelKey] = Tensor(
            shape: [1, 1, features, count],
            scalars: (0..<features).flatMap { kernel.scalars[($0 * classes)..<($0 * classes + count)] })
        result[BiTCheckpoint.headBiasKey] = Tensor(shape: [count], scalars: Array(bias.scalars.prefix(count)))
        return result
    }

    /// How the new weights compare with the committed checkpoint (shown as `path`), in words.
    static func compare(_ arrays: [String: Tensor], withCommitted committed: ResolvedInput,
                        shownAs path: String) throws -> String {
        guard committed.exists else { return "none at \(path)" }
        switch compare(arrays, with: try NumPyArchive.read(from: committed.url)) {
        case nil: return "identical to \(path), array for array"
        case .some(.infinity): return "\(path) has other arrays or shapes (another architecture)"
        case .some(let largest): return "differs from \(path): largest difference " + String(format: "%.3g", largest)
        }
    }

    /// nil when both hold the same arrays with the same values; else the largest absolute
    /// difference, infinite when the keys or shapes differ.
    static func compare(_ arrays: [String: Tensor], with other: [String: Tensor]) -> Float? {
        guard Set(other.keys) == Set(arrays.keys), arrays.allSatisfy({ other[$0.key]?.shape == $0.value.shape }) else {
            return .infinity
        }
        var largest: Float = 0
        for (key, tensor) in arrays {
            for (a, b) in zip(tensor.scalars, other[key]!.scalars) where a != b { largest = max(largest, abs(a - b)) }
        }
        let identical = arrays.allSatisfy { $0.value.scalars == other[$0.key]!.scalars }
        return identical ? nil : largest
    }
}
