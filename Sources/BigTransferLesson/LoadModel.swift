import BiT
import Foundation
import LessonKit

/// Cell 5. The Keras lesson's `bit_module = hub.KerasLayer(bit_model_url)`: the BiT ResNet-v2
/// backbone, its weights read strictly by their official names.
struct LoadModel: Cell {
    @Input var weights: ResolvedInput

    func run(_ context: CellContext) throws -> Backbone {
        let start = Date()
        let network = try ResNetV2(checkpoint: weights.url)
        context.memo.store(network, for: Backbone.residentKey(weights))
        let backbone = Backbone(network, weights: weights)
        context.fact("backbone", "\(network.architecture) · \(network.featureCount) features")
        context.fact("backbone parameters", Format.grouped(backbone.backboneParameterCount))
        context.fact("load time", String(format: "%.2f s", Date().timeIntervalSince(start)))
        context.summary.table(headers: ["", ""], rows: [
            ["checkpoint", weights.description],
            ["architecture", "ResNetV2, block units \(backbone.blockUnits), \(backbone.rootChannels) root channels"],
            ["pre-logit features", "\(backbone.featureCount)"],
            ["backbone parameters", Format.grouped(backbone.backboneParameterCount)],
            ["original head", backbone.originalHeadClasses.map {
                "\($0) classes, \(Format.grouped(backbone.parameterCount - backbone.backboneParameterCount)) parameters "
                    + "(replaced in the next cell)"
            } ?? "none"],
        ])
        return backbone
    }
}

/// What the backbone is, as the cells after load-model and the prose need it.
struct Backbone: Codable, Equatable {
    /// The backbone's name for the prose.
    var name: String
    /// "1, 1, 1 and 1 bottleneck units in 4 stages, 32 root channels".
    var architecture: String
    /// What it was pre-trained on, as far as the lesson can tell.
    var pretraining: String
    /// How tables and figures name it beside the random backbone: "pre-trained" when the lesson knows
    /// it was (lesson 61's file, an ImageNet head), else "checkpoint".
    var label: String
    var blockUnits: [Int]
    var rootChannels: Int
    /// Pre-logit features per image.
    var featureCount: Int
    /// Every array of the checkpoint, its original head included.
    var parameterCount: Int
    /// The backbone's arrays alone (what stays frozen).
    var backboneParameterCount: Int
    var originalHeadClasses: Int?

    init(_ network: ResNetV2, weights: ResolvedInput) {
        let config = network.architecture
        let count = { (head: Int?) in
            config.layout(headClasses: head).reduce(0) { $0 + $1.shape.reduce(1, *) }
        }
        name = InputResolution.weightsName(weights)
        let units = config.blockUnits.map(String.init)
        let unitText = units.count > 1 ? units.dropLast().joined(separator: ", ") + " and " + units.last! : units.joined()
        architecture = "\(unitText) bottleneck units in \(config.blockUnits.count) stages, \(config.rootChannels) root channels"
        let source = PretrainingSource(headClasses: network.head?.classCount, weights: weights)
        pretraining = source.description
        label = source.isKnownPretrained ? "pre-trained" : "checkpoint"
        blockUnits = config.blockUnits
        rootChannels = config.rootChannels
        featureCount = network.featureCount
        parameterCount = count(network.head?.classCount)
        backboneParameterCount = count(nil)
        originalHeadClasses = network.head?.classCount
    }

    /// The network load-model loaded from `weights` in this process, or loaded again (a rerun of a
    /// later cell), kept for the cells after it under load-model's cache key.
    static func network(_ weights: ResolvedInput, context: CellContext) throws -> ResNetV2 {
        try context.resident(derivedFrom: Backbone.self) {
            try context.memo.value(residentKey(weights)) { try ResNetV2(checkpoint: weights.url) }
        }
    }

    /// Where load-model leaves the network it loaded for the cells after it in this process.
    static func residentKey(_ weights: ResolvedInput) -> String { "network:\(weights.url.standardizedFileURL.path)" }
}
