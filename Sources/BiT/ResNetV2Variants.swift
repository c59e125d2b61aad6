extension ResNetV2Architecture {
    /// An architecture of width multiplier `widthFactor` (root channels 64·w, BiT's 32 groups).
    public init(blockUnits: [Int], widthFactor: Int) {
        self.init(blockUnits: blockUnits, rootChannels: 64 * widthFactor)
    }

    /// The width multiplier w = rootChannels / 64 (1, 2, 3, 4 in the published models).
    /// Whole multiples only: a narrower miniature (e.g. 32 root channels) has factor 0,
    /// so describe such models by `rootChannels`, never by this.
    public var widthFactor: Int { rootChannels / 64 }

    public static let r50x1 = ResNetV2Architecture(blockUnits: [3, 4, 6, 3], widthFactor: 1)
    public static let r50x3 = ResNetV2Architecture(blockUnits: [3, 4, 6, 3], widthFactor: 3)
    public static let r101x1 = ResNetV2Architecture(blockUnits: [3, 4, 23, 3], widthFactor: 1)
    public static let r101x3 = ResNetV2Architecture(blockUnits: [3, 4, 23, 3], widthFactor: 3)
    public static let r152x1 = ResNetV2Architecture(blockUnits: [3, 8, 36, 3], widthFactor: 1)
    public static let r152x2 = ResNetV2Architecture(blockUnits: [3, 8, 36, 3], widthFactor: 2)
    public static let r152x4 = ResNetV2Architecture(blockUnits: [3, 8, 36, 3], widthFactor: 4)

    /// The published variants by name ("R50x1", …).
    public static let variants: [String: ResNetV2Architecture] = [
        "R50x1": .r50x1, "R50x3": .r50x3, "R101x1": .r101x1, "R101x3": .r101x3,
        "R152x1": .r152x1, "R152x2": .r152x2, "R152x4": .r152x4,
    ]

    /// A published variant by name, case-insensitive ("r50x1" works).
    public static func named(_ name: String) -> ResNetV2Architecture? {
        variants.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// The variant's published name, or a description of a custom one (its groups named
    /// only when they are not BiT's 32).
    public var description: String {
        if let name = Self.variants.first(where: { $0.value == self })?.key { return name }
        let groupsText = groups == Self.bitGroups ? "" : ", groups: \(groups)"
        return "ResNetV2(blockUnits: \(blockUnits), rootChannels: \(rootChannels)\(groupsText))"
    }
}
