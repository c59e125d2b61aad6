/// The shape of a BiT ResNetV2: units per block and the width multiplier.
///
/// Block b (0-based) has `blockUnits[b]` pre-activation bottleneck units with
/// 64·w·2^b middle channels and four times as many outputs; its first unit has
/// stride 1 in the first block and 2 in the others (BiT's `bit_pytorch/models.py`).
public struct ResNetV2Config: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Units in each block, e.g. [3, 4, 6, 3] for a ResNet-50.
    public var blockUnits: [Int]
    /// The width multiplier (1, 2, 3, 4 in the published models).
    public var widthFactor: Int

    public init(blockUnits: [Int], widthFactor: Int) {
        self.blockUnits = blockUnits
        self.widthFactor = widthFactor
    }

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
        return "ResNetV2(blockUnits: \(blockUnits), widthFactor: \(widthFactor))"
    }

    /// Whether the configuration describes a network (at least one block, all positive).
    public var isValid: Bool {
        !blockUnits.isEmpty && blockUnits.allSatisfy { $0 > 0 } && widthFactor > 0
    }

    /// Channels out of the root convolution.
    public var rootChannels: Int { 64 * widthFactor }

    /// Middle channels of block `block` (0-based).
    public func middleChannels(block: Int) -> Int { 64 * widthFactor << block }

    /// Output channels of block `block` (0-based).
    public func outputChannels(block: Int) -> Int { 4 * middleChannels(block: block) }

    /// The length of the pre-logits vector (2048·w for four blocks).
    public var featureCount: Int { outputChannels(block: blockUnits.count - 1) }

    /// The stride of unit `unit` of block `block` (both 0-based).
    public func stride(block: Int, unit: Int) -> Int { unit == 0 && block > 0 ? 2 : 1 }
}
