import BiT
import Foundation
import LessonKit

/// Cell 2: the ResNet-v2 to pre-train, described: blocks, widths, parameters.
struct BuildModel: Cell {
    @Parameter var blockUnits: [Int]
    @Parameter var rootChannels: Int
    @Parameter var upstream: UpstreamTask
    @Parameter var exemplars: Int

    func run(_ context: CellContext) throws -> ModelDescription {
        let architecture = ResNetV2Architecture(blockUnits: blockUnits, rootChannels: rootChannels)
        guard architecture.isValid else {
            throw UpstreamError.invalidSetting(
                "block_units \(blockUnits) and root_channels \(rootChannels) do not make a BiT ResNet-v2: give at "
                    + "least one positive unit count and root channels that are a multiple of 32.")
        }
        let classes = UpstreamData(upstream, exemplars: exemplars).classCount
        let parameters = architecture.layout(headClasses: classes).reduce(0) { $0 + $1.shape.reduce(1, *) }
        let model = ModelDescription(blockUnits: blockUnits, rootChannels: rootChannels, headClasses: classes,
                                     parameters: parameters)
        model.report(context)
        return model
    }
}

/// The network the pretrain cell trains.
struct ModelDescription: Codable, Equatable {
    var blockUnits: [Int]
    var rootChannels: Int
    /// Outputs of the head: the classes of the upstream task.
    var headClasses: Int
    /// Every trainable number, the head's included.
    var parameters: Int

    var architecture: ResNetV2Architecture {
        ResNetV2Architecture(blockUnits: blockUnits, rootChannels: rootChannels)
    }

    /// The table of stages, the parameter count and the facts.
    func report(_ context: CellContext) {
        let architecture = self.architecture
        let head = architecture.featureCount * headClasses + headClasses
        var rows = architecture.blockUnits.enumerated().map { block, units in
            ["block \(block + 1)", "\(units)", "\(architecture.middleChannels(block: block))",
             "\(architecture.outputChannels(block: block))", block == 0 ? "1" : "2"]
        }
        rows.insert(["root", "7x7 conv + 3x3 max pool", "—", "\(architecture.rootChannels)", "4"], at: 0)
        context.summary.table(headers: ["stage", "units", "middle channels", "output channels", "stride"], rows: rows)
        context.summary.paragraph("\(parameters.formatted()) parameters, of which \(head.formatted()) in the "
            + "\(headClasses)-way head; \(architecture.featureCount) pre-logit features; "
            + String(format: "%.1f MB", Double(parameters * 4) / 1e6) + " as float32.")
        context.fact("architecture", "ResNetV2 \(architecture.blockUnits) x \(architecture.rootChannels) root channels")
        context.fact("parameters", parameters.formatted())
    }
}
