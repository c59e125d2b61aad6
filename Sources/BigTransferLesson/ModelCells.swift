import BiT
import Foundation
import LessonKit
import Training

/// Cells 5-6: load-model and build-head.
enum ModelCells {
    static let loadModel = CellImplementation(name: "load-model", version: "2") { context in
        let weights = try context.input("weights")
        let start = Date()
        let model = try ResNetV2(checkpoint: weights)
        context.memo.store(model, for: memoKey(weights))
        let config = model.config
        let parameters = BiTCheckpoint.layout(config: config, headClasses: model.head?.classCount)
            .reduce(0) { $0 + $1.shape.reduce(1, *) }
        let state = ModelState(blockUnits: config.blockUnits, rootChannels: config.rootChannels,
                               featureCount: model.featureCount, parameterCount: parameters,
                               originalHeadClasses: model.head?.classCount)
        try StateFile.write(state, to: context.stateDirectory.appendingPathComponent(ModelState.fileName))
        context.fact("backbone", "\(config) · \(model.featureCount) features")
        context.fact("parameters", parameters.formatted())
        context.fact("load time", String(format: "%.2f s", Date().timeIntervalSince(start)))
        context.summary.table(headers: ["", ""], rows: [
            ["checkpoint", try context.inputDescription("weights")],
            ["architecture", "ResNetV2, block units \(config.blockUnits), \(config.rootChannels) root channels"],
            ["pre-logit features", "\(model.featureCount)"],
            ["parameters", parameters.formatted()],
            ["original head", model.head.map { "\($0.classCount) classes (replaced in the next cell)" } ?? "none"],
        ])
    }

    static let buildHead = CellImplementation(name: "build-head", version: "1") { context in
        let dataset = try StateFile.read(DatasetState.self, from: try context.upstreamState("load-dataset")
            .appendingPathComponent(DatasetState.fileName))
        let model = try StateFile.read(ModelState.self, from: try context.upstreamState("load-model")
            .appendingPathComponent(ModelState.fileName))
        let head = DenseHead(inputCount: model.featureCount, classCount: dataset.classNames.count)
        try head.save(to: context.stateDirectory.appendingPathComponent(TrainingState.headFileName))
        let trainable = head.weights.count + head.bias.count
        context.fact("head", "dense \(model.featureCount) → \(dataset.classNames.count), zeros")
        context.fact("trainable parameters", trainable.formatted())
        context.summary.table(headers: ["part", "shape", "parameters", "trainable"], rows: [
            ["BiT backbone (frozen)", "→ \(model.featureCount)", model.parameterCount.formatted(), "no"],
            ["dense head (zeros)", "\(model.featureCount) → \(dataset.classNames.count)", trainable.formatted(), "yes"],
        ])
    }

    /// The backbone loaded by load-model in this process, or loaded again (a rerun of a later cell).
    static func model(_ context: CellContext) throws -> ResNetV2 {
        let weights = try context.input("weights")
        return try context.memo.value(memoKey(weights)) { try ResNetV2(checkpoint: weights) }
    }

    private static func memoKey(_ weights: URL) -> String { "model:\(weights.standardizedFileURL.path)" }
}
