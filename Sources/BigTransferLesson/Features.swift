import BiT
import Foundation
import ImagePipeline
import LessonKit
import Tensors
import Training

/// The frozen backbone's features for the training views and the validation images,
/// cached on disk so that a rerun (another learning rate, another patience) runs no backbone.
///
/// A store is keyed by what its features depend on: the dataset cell's key (data folder,
/// split), the model cell's key (weights), the code versions of the cells whose code shapes
/// the features (load-dataset, define-pipeline, load-model: bumping one never reuses stale
/// features), the preprocessing sizes and the seed (the views).
/// Items are positions in the split; the view of (position, v) is the pipeline's pure
/// function of (seed, file index, v), so a view computed today is the view drawn tomorrow.
struct LessonFeatures {
    /// Images per backbone pass. At 384x384 a batch of 32 needs about 0.8 GB of activations
    /// (64 would need 1.6 GB) for a few percent less throughput: it keeps the whole lesson
    /// with R50x1 under 2.5 GB.
    static let backboneBatch = 32

    let dataset: Dataset
    let source: ImageSource
    let plan: AugmentationPlan
    let seed: UInt64
    let model: ResNetV2
    let storeRoot: URL
    let storeKey: String
    /// The cell's Ctrl-C check, made before every backbone batch (in faithful mode too).
    let checkCancellation: () throws -> Void
    /// The cell's terminal line, for what opening a store found damaged.
    let log: (String) -> Void

    /// The features of `model`, stored under `modelKey` (which must identify its weights): the
    /// load-dataset cell's key (data folder, split) and the preprocessing (sizes, seed, the
    /// pipeline cell's code version) complete the store's key.
    init(dataset: Dataset, pipeline: Pipeline, data: ResolvedInput, model: ResNetV2, modelKey: String,
         context: CellContext) throws {
        self.dataset = dataset
        source = ImageSource(dataset: dataset, root: data.url, memo: context.memo)
        plan = pipeline.plan
        seed = UInt64(pipeline.seed)
        self.model = model
        checkCancellation = context.checkCancellation
        log = context.log
        storeKey = "\(try context.upstreamKey(producing: Dataset.self).short)-\(modelKey)"
            + "-v\(try context.upstreamVersion(producing: Pipeline.self))-r\(plan.resizeTo)-c\(plan.cropTo)-s\(seed)"
        storeRoot = try context.derivedDirectory("features", key: [storeKey])
    }

    /// The features of the backbone load-model loaded.
    init(dataset: Dataset, pipeline: Pipeline, data: ResolvedInput, weights: ResolvedInput,
         context: CellContext) throws {
        try self.init(dataset: dataset, pipeline: pipeline, data: data,
                      model: try Backbone.network(weights, context: context),
                      modelKey: try context.upstreamKey(producing: Backbone.self).short, context: context)
    }

    /// The backbone's pre-logits of training views: item.image is a position in the training split.
    func trainFeatures(_ items: [FeatureItem]) throws -> Tensor {
        try checkCancellation()
        let files = items.map { dataset.trainIndices[$0.image] }
        let views = zip(items, files).map { plan.view(seed: seed, imageIndex: $1, viewIndex: $0.view) }
        return model.features(try source.batch(files, plan: plan, views: views))
    }

    /// The backbone's pre-logits of validation images (test preprocessing).
    func validationFeatures(_ items: [FeatureItem]) throws -> Tensor {
        try checkCancellation()
        return model.features(try source.batch(items.map { dataset.validationIndices[$0.image] }, plan: plan, views: nil))
    }

    /// The on-disk store of one split's features.
    func store(_ split: String) throws -> FeatureStore {
        let store = try FeatureStore(root: storeRoot, key: split)
        for repair in store.repairs { log("stored \(split) features: \(repair)") }
        return store
    }

    /// Computes the features of `items` missing from `store`, in batches, with a progress bar.
    func fill(_ store: FeatureStore, items: [FeatureItem], label: String, context: CellContext,
              compute: ([FeatureItem]) throws -> Tensor) throws {
        let batchSize = Self.backboneBatch
        let missing = items.filter { !store.contains($0) }
        guard !missing.isEmpty else { return }
        let bar = context.progress(total: missing.count, label: label)
        for start in stride(from: 0, to: missing.count, by: batchSize) {
            let chunk = Array(missing[start ..< min(start + batchSize, missing.count)])
            try store.insert(chunk, features: try compute(chunk))
            try bar.advance(by: chunk.count)
        }
    }

    /// Every validation image's features, from the store (computed first where missing).
    func allValidationFeatures(context: CellContext) throws -> Tensor {
        let store = try store("validation")
        let items = dataset.validationIndices.indices.map { FeatureItem(image: $0, view: 0) }
        try fill(store, items: items, label: "validation features", context: context, compute: validationFeatures)
        return try FeatureSource(mode: .cached(store), compute: validationFeatures).features(for: items)
    }
}
