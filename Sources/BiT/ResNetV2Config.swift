/// The shape of a BiT ResNetV2: units per block and the root channels (64·w in the
/// published models, any positive multiple of 32 for miniatures).
///
/// Block b (0-based) has `blockUnits[b]` pre-activation bottleneck units with
/// rootChannels·2^b middle channels and four times as many outputs; its first unit has
/// stride 1 in the first block and 2 in the others (BiT's `bit_pytorch/models.py`).
public struct ResNetV2Config: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Units in each block, e.g. [3, 4, 6, 3] for a ResNet-50.
    public var blockUnits: [Int]
    /// Channels out of the root convolution (= middle channels of the first block).
    public var rootChannels: Int

    /// GroupNorm's groups in every layer (BiT's 32): the root channels must split evenly.
    public static let groups = 32

    /// A configuration of width multiplier `widthFactor` (root channels 64·w).
    public init(blockUnits: [Int], widthFactor: Int) {
        self.init(blockUnits: blockUnits, rootChannels: 64 * widthFactor)
    }

    /// A configuration of any root channel count (valid when a positive multiple of 32).
    public init(blockUnits: [Int], rootChannels: Int) {
        self.blockUnits = blockUnits
        self.rootChannels = rootChannels
    }

    /// The width multiplier w = rootChannels / 64 (1, 2, 3, 4 in the published models).
    /// Whole multiples only: a narrower miniature (e.g. 32 root channels) has factor 0,
    /// so describe such models by `rootChannels`, never by this.
    public var widthFactor: Int { rootChannels / 64 }

    public static let r50x1 = ResNetV2Config(blockUnits: [3, 4, 6, 3], widthFactor: 1)
    public static let r50x3 = ResNetV2Config(blockUnits: [3, 4, 6, 3], widthFactor: 3)
    public static let r101x1 = ResNetV2Config(blockUnits: [3, 4, 23, 3], widthFactor: 1)
    public static let r101x3 = ResNetV2Config(blockUnits: [3, 4, 23, 3], widthFactor: 3)
    public static let r152x1 = ResNetV2Config(blockUnits: [3, 8, 36, 3], widthFactor: 1)
    public static let r152x2 = ResNetV2Config(blockUnits: [3, 8, 36, 3], widthFactor: 2)
    public static let r152x4 = ResNetV2Config(blockUnits: [3, 8, 36, 3], widthFactor: 4)

    /// The published variants by name ("R50x1", …).
    public static let variants: [String: ResNetV2Config] = [
        "R50x1": .r50x1, "R50x3": .r50x3, "R101x1": .r101x1, "R101x3": .r101x3,
        "R152x1": .r152x1, "R152x2": .r152x2, "R152x4": .r152x4,
    ]

    /// A published variant by name, case-insensitive ("r50x1" works).
    public static func named(_ name: String) -> ResNetV2Config? {
        variants.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The variant's published name, or a description of a custom one.
    public var description: String {
        if let name = Self.variants.first(where: { $0.value == self })?.key { return name }
        return "ResNetV2(blockUnits: \(blockUnits), rootChannels: \(rootChannels))"
    }

    /// Whether the configuration describes a network: at least one block, all positive,
    /// and root channels a positive multiple of the 32 GroupNorm groups.
    public var isValid: Bool {
        !blockUnits.isEmpty && blockUnits.allSatisfy { $0 > 0 } && rootChannels > 0
            && rootChannels % Self.groups == 0
    }

    /// Middle channels of block `block` (0-based).
    public func middleChannels(block: Int) -> Int { rootChannels << block }

    /// Output channels of block `block` (0-based).
    public func outputChannels(block: Int) -> Int { 4 * middleChannels(block: block) }

    /// The length of the pre-logits vector (32·rootChannels, i.e. 2048·w, for four blocks).
    public var featureCount: Int { outputChannels(block: blockUnits.count - 1) }

    /// The stride of unit `unit` of block `block` (both 0-based).
    public func stride(block: Int, unit: Int) -> Int { unit == 0 && block > 0 ? 2 : 1 }
}
