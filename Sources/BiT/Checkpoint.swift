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

    /// Every key the model of `config` reads, with its shape, in checkpoint order;
    /// the head's two keys when `headClasses` is given.
    public static func layout(config: ResNetV2Config, headClasses: Int?) -> [ParameterSpec] {
        ResNetV2Architecture(config).layout(headClasses: headClasses)
    }

    /// Block units and root channels read from the keys: the root kernel's output
    /// channels (a positive multiple of GroupNorm's 32 groups; 64·w in the published
    /// models), and block b has as many units as its highest `unitNN`.
    public static func inferConfiguration(from shapes: [String: [Int]], source: String) throws -> ResNetV2Config {
        guard let rootShape = shapes[rootKernelKey] else {
            let reason = shapes.keys.contains { $0.hasPrefix("resnet/") }
                ? "it has no \(rootKernelKey)" : "none of its \(shapes.count) keys starts with resnet/"
            throw CheckpointError.notACheckpoint(source: source, reason: reason)
        }
        guard rootShape.count == 4 else {
            throw CheckpointError.shapeMismatch(rootKernelKey, expected: [7, 7, 3, 64], found: rootShape, source: source)
        }
        let rootChannels = rootShape[3], groups = ResNetV2Config.groups
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
        return ResNetV2Config(blockUnits: (1...lastBlock).map { units[$0] ?? 1 }, rootChannels: rootChannels)
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

    /// The arrays of the checkpoint file at `url`, checked against the layout of `config`
    /// (inferred from the keys when nil) before any array is read: the members' headers are
    /// read first, so a missing, unused or mis-shaped key is reported without inflating
    /// anything, and an unused member (however large it would inflate) is never read.
    ///
    /// - Returns: the arrays and the configuration; the head's keys are included when the file has them.
    public static func readArrays(from url: URL, config: ResNetV2Config? = nil) throws
        -> (arrays: [String: Tensor], config: ResNetV2Config) {
        let infos: [String: NumPyArrayInfo]
        do {
            infos = try NumPyArchive.readInfo(from: url)
        } catch {
            throw CheckpointError.unreadable(source: url.path, reason: "\(error)")
        }
        let shapes = infos.mapValues(\.shape)
        let config = try config ?? inferConfiguration(from: shapes, source: url.path)
        guard config.isValid else {
            throw CheckpointError.invalidConfiguration("invalid configuration \(config)", source: url.path)
        }
        let headClasses = shapes[headKernelKey]?.last ?? shapes[headBiasKey]?.first
        let layout = layout(config: config, headClasses: headClasses)
        try validateShapes(shapes, against: layout, source: url.path)
        let arrays: [String: Tensor]
        do {
            arrays = try NumPyArchive.readArrays(from: url, keys: Set(layout.map(\.key))).mapValues(\.tensor)
        } catch {
            throw CheckpointError.unreadable(source: url.path, reason: "\(error)")
        }
        return (arrays, config)  // the models' initialisers check the values (`validate`)
    }
}

extension ResNetV2 {
    /// A model from checkpoint arrays keyed by the official names (strict: a missing,
    /// unused or mis-shaped key is an error). Without `config` the block units and
    /// root channels are inferred from the keys. `source` names the arrays in errors.
    public convenience init(parameters arrays: [String: Tensor], config: ResNetV2Config? = nil,
                            source: String = "checkpoint") throws {
        let config = try config ?? BiTCheckpoint.inferConfiguration(from: arrays.mapValues(\.shape), source: source)
        guard config.isValid else {
            throw CheckpointError.invalidConfiguration("invalid configuration \(config)", source: source)
        }
        let headClasses = Self.headClasses(in: arrays, source: source)
        try BiTCheckpoint.validate(arrays, against: BiTCheckpoint.layout(config: config, headClasses: headClasses),
                                   source: source)
        func conv(_ key: String, stride: Int = 1, padding: Int = 0) -> StandardizedConv2D {
            StandardizedConv2D(kernel: arrays[key]!, stride: stride, padding: padding)
        }
        func norm(_ unit: UnitLayout, _ layer: String) -> GroupNormLayer {
            GroupNormLayer(gamma: arrays[unit.gammaKey(layer)]!.scalars, beta: arrays[unit.betaKey(layer)]!.scalars)
        }
        let units = ResNetV2Architecture(config).units
        let blocks = config.blockUnits.indices.map { block in
            units.filter { $0.block == block }.map { unit in
                BottleneckUnit(
                    normA: norm(unit, "a"), convA: conv(unit.kernelKey("a")),
                    normB: norm(unit, "b"), convB: conv(unit.kernelKey("b"), stride: unit.stride, padding: 1),
                    normC: norm(unit, "c"), convC: conv(unit.kernelKey("c")),
                    projection: unit.hasProjection ? conv(unit.projectionKey, stride: unit.stride) : nil)
            }
        }
        let head = headClasses.map { classes in
            ClassifierHead(weight: arrays[BiTCheckpoint.headKernelKey]!.reshaped([config.featureCount, classes]),
                           bias: arrays[BiTCheckpoint.headBiasKey]!)
        }
        self.init(config: config, root: conv(BiTCheckpoint.rootKernelKey, stride: 2, padding: 3), blocks: blocks,
                  finalNorm: GroupNormLayer(gamma: arrays[BiTCheckpoint.finalGammaKey]!.scalars,
                                            beta: arrays[BiTCheckpoint.finalBetaKey]!.scalars),
                  head: head)
    }

    /// A model from a BiT `.npz` checkpoint file (see `init(parameters:config:source:)`).
    public convenience init(checkpoint url: URL, config: ResNetV2Config? = nil) throws {
        let (arrays, config) = try BiTCheckpoint.readArrays(from: url, config: config)
        try self.init(parameters: arrays, config: config, source: url.path)
    }

    /// The head's class count: the last axis of its kernel when the checkpoint has one
    /// (a bias alone is left for validation to report as a missing kernel).
    private static func headClasses(in arrays: [String: Tensor], source: String) -> Int? {
        if let kernel = arrays[BiTCheckpoint.headKernelKey] { return kernel.shape.last ?? 0 }
        if let bias = arrays[BiTCheckpoint.headBiasKey] { return bias.shape.first ?? 0 }
        return nil
    }
}
