import BiT
import Foundation
import LessonKit
import Training

/// Cells 5-6: load-model and build-head.
enum ModelCells {
    static let loadModel = CellImplementation(name: "load-model", version: "3") { context in
        let weights = try context.input("weights")
        let start = Date()
        let model = try ResNetV2(checkpoint: weights)
        context.memo.store(model, for: memoKey(weights))
        let config = model.config
        let parameters = BiTCheckpoint.layout(config: config, headClasses: model.head?.classCount)
            .reduce(0) { $0 + $1.shape.reduce(1, *) }
        let backboneParameters = BiTCheckpoint.layout(config: config, headClasses: nil)
            .reduce(0) { $0 + $1.shape.reduce(1, *) }
        let state = ModelState(blockUnits: config.blockUnits, rootChannels: config.rootChannels,
                               featureCount: model.featureCount, parameterCount: parameters,
                               backboneParameterCount: backboneParameters,
                               originalHeadClasses: model.head?.classCount)
        try StateFile.write(state, to: context.stateDirectory.appendingPathComponent(ModelState.fileName))
        context.fact("backbone", "\(config) · \(model.featureCount) features")
        context.fact("parameters", Format.grouped(parameters))
        context.fact("load time", String(format: "%.2f s", Date().timeIntervalSince(start)))
        context.summary.table(headers: ["", ""], rows: [
            ["checkpoint", try context.inputDescription("weights")],
            ["architecture", "ResNetV2, block units \(config.blockUnits), \(config.rootChannels) root channels"],
            ["pre-logit features", "\(model.featureCount)"],
            ["parameters", Format.grouped(parameters)],
            ["original head", model.head.map { "\($0.classCount) classes (replaced in the next cell)" } ?? "none"],
        ])
        let shipped = context.lesson.shippedFile("weights")
        let isShipped = shipped.map { $0.standardizedFileURL.path == weights.standardizedFileURL.path } ?? false
        try context.record("backbone", InputResolution.weightsName(weights, description: try context.inputDescription("weights"),
                                                                   shipped: isShipped))
        let units = config.blockUnits.map(String.init)
        let unitText = units.count > 1 ? units.dropLast().joined(separator: ", ") + " and " + units.last! : units.joined()
        try context.record("architecture", "\(unitText) bottleneck units in \(config.blockUnits.count) stages, "
                           + "\(config.rootChannels) root channels")
        try context.record("features", model.featureCount)
        try context.record("parameters", backboneParameters)
        try context.record("pretraining", InputResolution.pretraining(headClasses: model.head?.classCount, shipped: isShipped,
                                                                      description: try context.inputDescription("weights")))
    }

    static let buildHead = CellImplementation(name: "build-head", version: "2") { context in
        let dataset = try StateFile.read(DatasetState.self, from: try context.upstreamState("load-dataset")
            .appendingPathComponent(DatasetState.fileName))
        let model = try StateFile.read(ModelState.self, from: try context.upstreamState("load-model")
            .appendingPathComponent(ModelState.fileName))
        let head = DenseHead(inputCount: model.featureCount, classCount: dataset.classNames.count)
        try head.save(to: context.stateDirectory.appendingPathComponent(TrainingState.headFileName))
        let trainable = head.weights.count + head.bias.count
        context.fact("head", "dense \(model.featureCount) → \(dataset.classNames.count), zeros")
        context.fact("trainable parameters", Format.grouped(trainable))
        context.summary.table(headers: ["part", "shape", "parameters", "trainable"], rows: [
            ["BiT backbone (frozen)", "→ \(model.featureCount)", Format.grouped(model.backboneParameterCount), "no"],
            ["dense head (zeros)", "\(model.featureCount) → \(dataset.classNames.count)", Format.grouped(trainable), "yes"],
        ])
        try context.record("original_head", model.originalHeadClasses.map { "\(Format.grouped($0)) classes" }
                           ?? "none in this checkpoint")
        try context.record("trainable", trainable)
    }

    /// The backbone loaded by load-model in this process, or loaded again (a rerun of a later cell).
    static func model(_ context: CellContext) throws -> ResNetV2 {
        let weights = try context.input("weights")
        return try context.memo.value(memoKey(weights)) { try ResNetV2(checkpoint: weights) }
    }

    private static func memoKey(_ weights: URL) -> String { "model:\(weights.standardizedFileURL.path)" }
}
