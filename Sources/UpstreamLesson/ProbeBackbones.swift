import BiT
import Foundation
import LessonKit
import Tensors

/// One backbone the transfer cell measures: the checkpoint this run trained, the checkpoint it is
/// compared with, or the untrained network. A backbone that cannot be loaded is kept, with why.
struct ProbeBackbone {
    /// Its name in `transfer.csv`.
    let id: String
    /// Its name in the table and the prose.
    let name: String
    /// Its label in the figure.
    let label: String
    /// The frozen network, nil when skipped.
    let model: ResNetV2?
    /// Why it was not measured, when it was not.
    let skipped: String?

    /// "ResNetV2 [1, 1, 1, 1] x 32 root channels, 1,024 features".
    var shape: String {
        guard let model else { return "—" }
        return "ResNetV2 \(model.architecture.blockUnits) x \(model.architecture.rootChannels) root channels, "
            + "\(model.featureCount.formatted()) features"
    }
}

/// The three backbones of the transfer cell.
enum ProbeBackbones {
    /// This run's checkpoint, the compared checkpoint at `baseline` (when it loads) and the network
    /// the pretrain cell started from.
    static func load(trained: URL, baseline: ResolvedInput, baselineName: String,
                     architecture: ResNetV2Architecture, seed: UInt64) throws -> [ProbeBackbone] {
        let pretrained = ProbeBackbone(id: "trained", name: "this run's checkpoint",
                                       label: "this run", model: try ResNetV2(checkpoint: trained), skipped: nil)
        let initial = try ResNetV2(parameters: architecture.initialArrays(headClasses: UpstreamData.shapes.classCount, seed: seed),
                                   source: "the pretrain cell's initial weights")
        let random = ProbeBackbone(id: "random", name: "the untrained network (seed \(seed))", label: "untrained",
                                   model: initial, skipped: nil)
        return [pretrained, compared(baseline, name: baselineName), random]
    }

    /// The compared checkpoint, or why it is skipped: missing, or not a BiT ResNetV2 checkpoint.
    /// One of another shape than this run's is measured all the same (its features are what
    /// they are): the table names its shape. One lesson 62 ships (origin `.shipped`) is "committed".
    static func compared(_ baseline: ResolvedInput, name: String) -> ProbeBackbone {
        let committed = baseline.origin == .shipped, url = baseline.url
        let id = committed ? "committed" : "weights", label = committed ? "committed" : "--weights"
        guard FileManager.default.fileExists(atPath: url.path) else {
            return ProbeBackbone(id: id, name: name, label: label, model: nil,
                                 skipped: "there is no file at \(url.path)")
        }
        do {
            return ProbeBackbone(id: id, name: name, label: label, model: try ResNetV2(checkpoint: url), skipped: nil)
        } catch {
            return ProbeBackbone(id: id, name: name, label: label, model: nil, skipped: "\(error)")
        }
    }
}

/// The frozen backbones' pre-logits (global-average-pooled) of every probe image.
enum ProbeFeatures {
    /// Images per forward pass: the miniature at 224x224 needs about 50 MB of activations for 32.
    static let batchSize = 32

    /// One matrix [images, features] per model, in the models' order. Each batch of images is
    /// decoded and resized once and passed through every model; one progress bar counts the passes.
    static func extract(_ images: ProbeImages, side: Int, models: [ResNetV2], context: CellContext) throws -> [Tensor] {
        let bar = context.progress(total: images.count * models.count, label: "backbone features")
        var rows = [[Float]](repeating: [], count: models.count)
        for start in stride(from: 0, to: images.count, by: batchSize) {
            try context.checkCancellation()
            let range = start ..< min(start + batchSize, images.count)
            let batch = try images.batch(range, side: side)
            for (index, model) in models.enumerated() {
                rows[index] += model.features(batch).scalars
                try bar.advance(by: range.count)
            }
        }
        for model in models { model.releaseWorkspace() }
        return zip(models, rows).map { model, scalars in
            Tensor(shape: [images.count, model.featureCount], scalars: scalars)
        }
    }
}
