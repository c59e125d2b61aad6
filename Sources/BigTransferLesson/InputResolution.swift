import BiT
import Foundation
import LessonKit
import NumPyIO
import SyntheticFlowers

/// Where lesson 62 finds its data and weights, in the order the learner expects:
/// `--data` / `--weights`; else the real assets fetched earlier by `lesson fetch 62`;
/// else the embedded offline default, generated once into the user cache.
enum InputResolution {
    /// tf_flowers as `lesson fetch 62` extracts it: the `flower_photos` asset's destination in
    /// lesson.toml, plus the archive's own top folder (which also holds a LICENSE.txt, skipped
    /// by the folder dataset as a non-image file). The program cannot see the lesson file's
    /// declarations, so `LessonCLITests/FetchCommandTests` checks that the two agree.
    static let fetchedPhotos = "62/flower_photos/flower_photos"
    /// BiT-M-R50x1 as `lesson fetch 62` stores it: the `BiT-M-R50x1` asset's destination
    /// (its SHA-256, recorded on first download, sits beside it as `BiT-M-R50x1.npz.sha256`).
    static let fetchedWeights = "62/BiT-M-R50x1.npz"

    /// The embedded synthetic flowers: 150 images a class at 160x160 (BiT's small-image rule
    /// then resizes to 160 and crops 128, the `embedded` profile of lesson.toml).
    static let syntheticSeed: UInt64 = 42
    static let syntheticSize = 160
    static let syntheticPerClass = 150

    /// The embedded backbone: the miniature BiT that lesson 61 pre-trains on synthetic shapes,
    /// committed beside lesson.toml (`lesson run 61` rebuilds it).
    static let pretrainedMiniature = "assets/BiT-shapes-R14x0.5.npz"

    /// The fallback when that file is missing from the lesson folder: a small BiT ResNetV2
    /// (one unit per block, width 1, 2048 features) with seeded random weights.
    static let embeddedConfig = ResNetV2Config(blockUnits: [1, 1, 1, 1], widthFactor: 1)
    static let embeddedWeightsSeed: UInt64 = 1

    static func resolve(_ given: InputRequest) throws -> ResolvedInputs {
        let data = try choose(given.data, given: "image folder", flag: "--data", fetched: fetchedPhotos,
                              fetchedName: "tf_flowers photos", cache: given.userCache) { try syntheticFlowers(given) }
        let weights = try choose(given.weights, given: "BiT checkpoint", flag: "--weights", fetched: fetchedWeights,
                                 fetchedName: "BiT-M-R50x1", cache: given.userCache) { try embeddedWeights(given) }
        let pretrained = weights.embedded && weights.input.url.path.hasSuffix(pretrainedMiniature)
        let embeddedParts = [data.embedded ? "synthetic flowers" : nil,
                             weights.embedded ? (pretrained ? "a miniature BiT pre-trained on synthetic shapes (lesson 61)"
                                                 : "a randomly initialised miniature BiT (not pre-trained)") : nil]
            .compactMap { $0 }
        // The small-image profile follows the data: the synthetic images are 160x160.
        let banner = embeddedParts.isEmpty ? nil
            : "Miniature offline run on \(embeddedParts.joined(separator: " and ")). "
            + "For the real lesson run `lesson fetch 62`, or pass --data DIR and --weights FILE."
        return ResolvedInputs(inputs: ["data": data.input, "weights": weights.input],
                              profile: data.embedded ? "embedded" : nil, banner: banner)
    }

    /// The learner's path when given, else the asset `lesson fetch` installed, else the embedded default.
    private static func choose(_ path: URL?, given kind: String, flag: String, fetched: String, fetchedName: String,
                               cache: URL, embedded: () throws -> ResolvedInput) throws -> (input: ResolvedInput, embedded: Bool) {
        if let path {
            return (ResolvedInput(url: path, description: "\(kind) \(path.path) (\(flag))"), false)
        }
        let installed = cache.appendingPathComponent(fetched)
        if FileManager.default.fileExists(atPath: installed.path) {
            return (ResolvedInput(url: installed, description: "\(fetchedName) fetched into \(installed.path)"), false)
        }
        return (try embedded(), true)
    }

    private static func syntheticFlowers(_ given: InputRequest) throws -> ResolvedInput {
        let generator = try SyntheticFlowers(seed: syntheticSeed, imageSize: syntheticSize)
        let folder = given.userCache.appendingPathComponent(
            "62/embedded/synthetic-flowers-v\(SyntheticFlowers.generatorVersion)-seed\(syntheticSeed)"
            + "-\(syntheticSize)px-\(syntheticPerClass)")
        if !generator.isCurrentDataset(at: folder, imagesPerClass: syntheticPerClass) {
            let total = syntheticPerClass * SyntheticFlowers.classNames.count
            given.log("generating the embedded synthetic flowers (\(total) images) into \(folder.path)")
            let bar = given.progress(total: total, label: "drawing flowers")
            try generator.writeDataset(to: folder, imagesPerClass: syntheticPerClass) { done, _ in
                try? bar.advance(by: 1)
                _ = done
            }
        }
        return ResolvedInput(url: folder, description: "embedded synthetic flowers: 5 classes x \(syntheticPerClass) "
                             + "images, \(syntheticSize)x\(syntheticSize), drawn from seed \(syntheticSeed)")
    }

    private static func embeddedWeights(_ given: InputRequest) throws -> ResolvedInput {
        if let committed = given.lessonDirectory?.appendingPathComponent(pretrainedMiniature),
           FileManager.default.fileExists(atPath: committed.path) {
            return ResolvedInput(url: committed, description: "embedded miniature BiT (ResNetV2 with one unit per block, "
                                 + "32 root channels, 1024 features) pre-trained on synthetic shapes by lesson 61: "
                                 + "lessons/62-big-transfer/\(pretrainedMiniature)")
        }
        let url = given.userCache.appendingPathComponent(
            "62/embedded/bit-random-\(embeddedConfig.blockUnits.map(String.init).joined())"
            + "x\(embeddedConfig.widthFactor)-seed\(embeddedWeightsSeed).npz")
        if !FileManager.default.fileExists(atPath: url.path) {
            given.log("writing the embedded miniature BiT checkpoint (random weights) to \(url.path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            let arrays = BiTCheckpoint.randomArrays(config: embeddedConfig, seed: embeddedWeightsSeed)
            try NumPyArchive.write(arrays, to: url)
        }
        return ResolvedInput(url: url, description: "embedded miniature BiT \(embeddedConfig) with random weights "
                             + "(seed \(embeddedWeightsSeed)): NOT pre-trained (lessons/62-big-transfer/"
                             + "\(pretrainedMiniature) is missing; `lesson run 61` rebuilds it), so accuracy shows "
                             + "the pipeline, not transfer learning")
    }
}
