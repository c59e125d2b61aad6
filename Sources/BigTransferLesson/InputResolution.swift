import BiT
import Foundation
import LessonKit
import NumPyIO
import SyntheticFlowers

/// Where lesson 62 finds its data and weights, in the order the learner expects:
/// `--data` / `--weights`; else the real assets fetched earlier by `lesson fetch 62`;
/// else the embedded offline default, generated once into the user cache.
enum InputResolution {
    /// The embedded synthetic flowers: 150 images a class.
    static let syntheticPerClass = 150
    /// How the resolved inputs describe themselves (the prose's names are derived from these).
    static let syntheticDescription = "embedded synthetic flowers"
    static let fetchedPhotosName = "tf_flowers photos"
    static let fetchedWeightsName = "BiT-M-R50x1"

    /// The fallback when the shipped miniature is missing from the lesson folder: a small BiT ResNetV2
    /// (one unit per block, width 1, 2048 features) with seeded random weights.
    static let embeddedArchitecture = ResNetV2Architecture(blockUnits: [1, 1, 1, 1], widthFactor: 1)
    static let embeddedWeightsSeed: UInt64 = 1

    static func resolve(_ given: InputRequest) throws -> ResolvedInputs {
        guard let lesson = given.lesson else {
            throw LessonStateError.invalidSetting("lesson 62's inputs are resolved from its lesson.toml's declarations; "
                + "run it through LessonRunner")
        }
        let data = try choose(given.given["data"], given: "image folder", flag: "--data", lesson: lesson, input: "data",
                              fetchedName: fetchedPhotosName, cache: given.userCache) { try syntheticFlowers(given) }
        let weights = try choose(given.given["weights"], given: "BiT checkpoint", flag: "--weights", lesson: lesson,
                                 input: "weights", fetchedName: fetchedWeightsName,
                                 cache: given.userCache) { try embeddedWeights(given, lesson: lesson) }
        let embeddedParts = [data.origin == generatedFlowers ? "synthetic flowers" : nil,
                             weights.origin == .shipped && given.given["weights"] == nil
                                ? "a miniature BiT pre-trained on synthetic shapes and dead leaves (lesson 61)"
                                : weights.origin == generatedWeights ? "a randomly initialised miniature BiT (not pre-trained)"
                                : nil]
            .compactMap { $0 }
        let banner = embeddedParts.isEmpty ? nil
            : "Miniature offline run on \(embeddedParts.joined(separator: " and ")). "
            + "For the real lesson run `lesson fetch 62`, or pass --data DIR and --weights FILE."
        // The settings follow the weights: lesson.toml's `miniature` profile applies by its `when` rule.
        return ResolvedInputs(inputs: ["data": data, "weights": weights], profile: nil, banner: banner)
    }

    /// The origins of what the lesson makes itself when nothing is given or fetched.
    static let generatedFlowers = InputOrigin.generated("synthetic flowers")
    static let generatedWeights = InputOrigin.generated("random miniature BiT")

    /// Where `lesson fetch 62` installs the asset providing `input`: its declared destination, plus
    /// the archive's own top folder for an archive (flower_photos.tgz holds `flower_photos/<class>/`).
    static func fetchedPath(_ lesson: Lesson, _ input: String) throws -> String {
        guard let asset = lesson.asset(providing: input) else {
            throw LessonStateError.invalidSetting("\(lesson.file.path) declares no [[assets]] entry providing '\(input)'")
        }
        guard asset.kind == "tar.gz" else { return asset.destination }
        let archive = URL(string: asset.url)?.lastPathComponent ?? asset.name
        let top = archive.hasSuffix(".tar.gz") ? String(archive.dropLast(7))
            : archive.hasSuffix(".tgz") ? String(archive.dropLast(4)) : asset.name
        return asset.destination + "/" + top
    }

    /// The data's name for the prose: tf_flowers, the embedded synthetic flowers, or the given folder.
    static func dataName(_ data: ResolvedInput) -> String {
        switch data.origin {
        case generatedFlowers: return "the embedded synthetic flowers (drawn by the lesson, not photographed)"
        case .fetched: return "tf_flowers (the photos `lesson fetch 62` downloaded)"
        default: return "the image folder `\(data.url.lastPathComponent)`"
        }
    }

    /// The backbone's name for the prose.
    static func weightsName(_ weights: ResolvedInput) -> String {
        switch weights.origin {
        case .shipped: return "the miniature BiT that lesson 61 pre-trained (`\(weights.url.lastPathComponent)`)"
        case .fetched: return "BiT-M-R50x1 (fetched by `lesson fetch 62`)"
        case generatedWeights: return "a miniature BiT with random weights"
        default: return "the checkpoint `\(weights.url.lastPathComponent)`"
        }
    }

    /// The learner's path when given (the lesson's own shipped file counts as shipped), else the
    /// asset `lesson fetch` installed, else the embedded default.
    private static func choose(_ path: URL?, given kind: String, flag: String, lesson: Lesson, input: String,
                               fetchedName: String, cache: URL,
                               embedded: () throws -> ResolvedInput) throws -> ResolvedInput {
        if let path {
            let shipped = lesson.shippedFile(input).map { $0.standardizedFileURL.path == path.standardizedFileURL.path }
            return ResolvedInput(url: path, description: "\(kind) \(path.path) (\(flag))",
                                 origin: shipped == true ? .shipped : .flag(flag))
        }
        let installed = cache.appendingPathComponent(try fetchedPath(lesson, input))
        if FileManager.default.fileExists(atPath: installed.path) {
            return ResolvedInput(url: installed, description: "\(fetchedName) fetched into \(installed.path)",
                                 origin: .fetched(asset: lesson.asset(providing: input)?.name ?? input))
        }
        return try embedded()
    }

    private static func syntheticFlowers(_ given: InputRequest) throws -> ResolvedInput {
        let flowers = try EmbeddedFlowers(imagesPerClass: syntheticPerClass)
        let cache = given.userCache.appendingPathComponent("62/embedded")
        if !flowers.isWritten(in: cache) {
            given.log("generating the embedded synthetic flowers (\(flowers.imageCount) images) into "
                      + flowers.folder(in: cache).path)
            let bar = given.progress(total: flowers.imageCount, label: "drawing flowers")
            try flowers.ensure(in: cache) { try? bar.advance(by: 1) }
        }
        return ResolvedInput(url: flowers.folder(in: cache), description: "\(syntheticDescription): \(flowers.summary)",
                             origin: generatedFlowers)
    }

    private static func embeddedWeights(_ given: InputRequest, lesson: Lesson) throws -> ResolvedInput {
        if let shipped = lesson.shippedFile("weights"), FileManager.default.fileExists(atPath: shipped.path) {
            return ResolvedInput(url: shipped, description: "embedded miniature BiT (ResNetV2 with one unit per block, "
                                 + "32 root channels, 1024 features) pre-trained on synthetic shapes and dead leaves by lesson 61: "
                                 + "lessons/\(lesson.directory.lastPathComponent)/"
                                 + (lesson.inputs.first { $0.name == "weights" }?.shipped ?? ""), origin: .shipped)
        }
        let url = given.userCache.appendingPathComponent(
            "62/embedded/bit-random-\(embeddedArchitecture.blockUnits.map(String.init).joined())"
            + "x\(embeddedArchitecture.widthFactor)-seed\(embeddedWeightsSeed).npz")
        if !FileManager.default.fileExists(atPath: url.path) {
            given.log("writing the embedded miniature BiT checkpoint (random weights) to \(url.path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            let arrays = embeddedArchitecture.randomArrays(headClasses: nil, seed: embeddedWeightsSeed)
            try NumPyArchive.write(arrays, to: url)
        }
        return ResolvedInput(url: url, description: "embedded miniature BiT \(embeddedArchitecture) with random weights "
                             + "(seed \(embeddedWeightsSeed)): NOT pre-trained (the lesson's shipped checkpoint is "
                             + "missing; `lesson run 61` rebuilds it), so accuracy shows the pipeline, not transfer "
                             + "learning", origin: generatedWeights)
    }
}
