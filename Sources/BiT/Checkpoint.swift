import Foundation
import NumPyIO
import Tensors

// Shape legend: kernels HWIO [KH, KW, I, O]; GroupNorm gamma/beta [C]; head kernel
// [1, 1, F, classes] and bias [classes].

/// The official BiT checkpoint layout (the `.npz` files of google-research/big_transfer):
/// an explicit map from key names to the model's layers; nothing is matched by position.
public enum BiTCheckpoint {
    public static let rootKernelKey = "resnet/root_block/standardized_conv2d/kernel"
    public static let finalGammaKey = "resnet/group_norm/gamma"
    public static let finalBetaKey = "resnet/group_norm/beta"
    public static let headKernelKey = "resnet/head/conv2d/kernel"
    public static let headBiasKey = "resnet/head/conv2d/bias"

    /// The key prefix of unit `unit` of block `block` (both 0-based), e.g. "resnet/block1/unit01/".
    public static func unitPrefix(block: Int, unit: Int) -> String {
        let number = unit + 1 < 10 ? "0\(unit + 1)" : "\(unit + 1)"
        return "resnet/block\(block + 1)/unit\(number)/"
    }

    /// Block units and root channels read from the keys: the root kernel's output
    /// channels (a positive multiple of GroupNorm's 32 groups; 64·w in the published
    /// models), and block b has as many units as its highest `unitNN`.
    public static func inferArchitecture(from shapes: [String: [Int]], source: String) throws -> ResNetV2Architecture {
        guard let rootShape = shapes[rootKernelKey] else {
            let reason = shapes.keys.contains { $0.hasPrefix("resnet/") }
                ? "it has no \(rootKernelKey)" : "none of its \(shapes.count) keys starts with resnet/"
            throw CheckpointError.notACheckpoint(source: source, reason: reason)
        }
        guard rootShape.count == 4 else {
            throw CheckpointError.shapeMismatch(rootKernelKey, expected: [7, 7, 3, 64], found: rootShape, source: source)
        }
        let rootChannels = rootShape[3], groups = ResNetV2Architecture.bitGroups
        guard rootChannels > 0, rootChannels % groups == 0 else {
            throw CheckpointError.invalidConfiguration(
                "\(rootKernelKey) has \(rootChannels) output channels, which GroupNorm's \(groups) groups cannot "
                    + "split evenly; the root channels must be a positive multiple of \(groups) (64·w in BiT)",
                source: source)
        }
        var units: [Int: Int] = [:]
        for key in shapes.keys {
            guard let (block, unit) = blockAndUnit(of: key) else { continue }
            units[block] = max(units[block] ?? 0, unit)
        }
        guard let lastBlock = units.keys.max(), lastBlock >= 1 else {
            throw CheckpointError.notACheckpoint(source: source, reason: "it has no resnet/block1/unit01 keys")
        }
        return ResNetV2Architecture(blockUnits: (1...lastBlock).map { units[$0] ?? 1 }, rootChannels: rootChannels)
    }

    /// (block, unit), 1-based, of a key "resnet/block{b}/unit{NN}/…".
    static func blockAndUnit(of key: String) -> (Int, Int)? {
        let parts = key.split(separator: "/")
        guard parts.count > 3, parts[0] == "resnet", parts[1].hasPrefix("block"), parts[2].hasPrefix("unit"),
              let block = Int(parts[1].dropFirst(5)), let unit = Int(parts[2].dropFirst(4)),
              block >= 1, unit >= 1 else { return nil }
        return (block, unit)
    }

    /// Checks that `arrays` holds exactly the keys of `layout` with their shapes, and only
    /// finite values (a NaN weight would turn every feature into NaN, or into finite nonsense
    /// after a ReLU or max pool).
    public static func validate(_ arrays: [String: Tensor], against layout: [ParameterSpec],
                         source: String) throws {
        try validateShapes(arrays.mapValues(\.shape), against: layout, source: source)
        for entry in layout { try checkFinite(arrays[entry.key]!, key: entry.key, source: source) }
    }

    /// Checks that `shapes` holds exactly the keys of `layout` with their shapes.
    public static func validateShapes(_ shapes: [String: [Int]], against layout: [ParameterSpec],
                                      source: String) throws {
        for entry in layout {
            guard let shape = shapes[entry.key] else {
                throw CheckpointError.missingKey(entry.key, expected: entry.shape, source: source)
            }
            guard shape == entry.shape else {
                throw CheckpointError.shapeMismatch(entry.key, expected: entry.shape, found: shape, source: source)
            }
        }
        let used = Set(layout.map(\.key))
        if let extra = shapes.keys.sorted().first(where: { !used.contains($0) }) {
            throw CheckpointError.unusedKey(extra, found: shapes[extra]!, source: source)
        }
    }

    /// Throws `nonFiniteValue` naming the key and the first NaN or infinite element.
    public static func checkFinite(_ tensor: Tensor, key: String, source: String) throws {
        if let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointError.nonFiniteValue(key, index: index, value: tensor.scalars[index], source: source)
        }
    }

    /// The arrays of the checkpoint file at `url`, checked against the layout of `architecture`
    /// (inferred from the keys when nil) before any array is read: the members' headers are
    /// read first, so a missing, unused or mis-shaped key is reported without inflating
    /// anything, and an unused member (however large it would inflate) is never read.
    ///
    /// - Returns: the arrays and the architecture; the head's keys are included when the file has them.
    public static func readArrays(from url: URL, architecture: ResNetV2Architecture? = nil) throws
        -> (arrays: [String: Tensor], architecture: ResNetV2Architecture) {
        let infos: [String: NumPyArrayInfo]
        do {
            infos = try NumPyArchive.readInfo(from: url)
        } catch {
            throw CheckpointError.unreadable(source: url.path, reason: "\(error)")
        }
        let shapes = infos.mapValues(\.shape)
        let architecture = try architecture ?? inferArchitecture(from: shapes, source: url.path)
        guard architecture.isValid else {
            throw CheckpointError.invalidConfiguration("invalid configuration \(architecture)", source: url.path)
        }
        let headClasses = shapes[headKernelKey]?.last ?? shapes[headBiasKey]?.first
        let layout = architecture.layout(headClasses: headClasses)
        try validateShapes(shapes, against: layout, source: url.path)
        let arrays: [String: Tensor]
        do {
            arrays = try NumPyArchive.readArrays(from: url, keys: Set(layout.map(\.key))).mapValues(\.tensor)
        } catch {
            throw CheckpointError.unreadable(source: url.path, reason: "\(error)")
        }
        return (arrays, architecture)  // the models' initialisers check the values (`validate`)
    }
}

extension ResNetV2 {
    /// A model from a BiT `.npz` checkpoint file (see `init(parameters:architecture:headClasses:source:)`).
    /// A checkpoint without a head gets a zero head of `headClasses` classes when given (BiT's
    /// start for transfer), else none.
    public convenience init(checkpoint url: URL, architecture: ResNetV2Architecture? = nil,
                            headClasses: Int? = nil) throws {
        var (arrays, architecture) = try BiTCheckpoint.readArrays(from: url, architecture: architecture)
        if let headClasses, arrays[BiTCheckpoint.headKernelKey] == nil, arrays[BiTCheckpoint.headBiasKey] == nil {
            arrays = architecture.replacingHead(of: arrays, classes: headClasses)
        }
        try self.init(parameters: arrays, architecture: architecture, source: url.path)
    }
}
