import Foundation
import LessonKit
import SyntheticFlowers

/// Where lesson 61's cells find their inputs: the transfer cell's images to probe on (`--data DIR`,
/// else lesson 62's embedded synthetic flowers) and checkpoint to compare with (`--weights FILE`,
/// else the one lesson 62 ships), and the export cell's `committed` checkpoint (always the one
/// lesson 62 ships). The other cells read no input: their data is drawn.
enum TransferInputs {
    /// Synthetic flowers a class when no photos are given: as many as the 200 sample photos
    /// hold, enough for stratified 85/15 splits (34 / 6 a class) and a fast probe.
    static let flowersPerClass = 40
    /// How the resolved inputs describe themselves; the prose's names are derived from these.
    static let syntheticDescription = "lesson 62's embedded synthetic flowers"
    static let committedDescription = "the checkpoint lesson 62 ships"

    static func resolve(_ given: InputRequest) throws -> ResolvedInputs {
        guard let lessons = given.lessonDirectory?.deletingLastPathComponent() else {
            throw UpstreamError.invalidSetting("lesson 61's inputs are resolved next to its lesson folder; "
                                               + "run it through LessonRunner")
        }
        let data = try given.data.map { ResolvedInput(url: $0, description: "image folder \($0.path) (--data)", origin: .flag("--data")) }
            ?? syntheticFlowers(given)
        let committed = ResolvedInput(url: lessons.appendingPathComponent(PretrainCells.committedCheckpoint),
                                      description: "\(committedDescription): lessons/\(PretrainCells.committedCheckpoint)",
                                      origin: .shipped, mayBeAbsent: true)
        let baseline = given.given["baseline"].map { ResolvedInput(url: $0, description: "BiT checkpoint \($0.path) (--weights)", origin: .flag("--weights")) }
            ?? committed
        return ResolvedInputs(inputs: ["data": data, "baseline": baseline, "committed": committed])
    }

    /// Lesson 62's embedded flowers (the same generator, seed and size), `flowersPerClass` a class,
    /// drawn once into the user cache.
    private static func syntheticFlowers(_ given: InputRequest) throws -> ResolvedInput {
        let flowers = try EmbeddedFlowers(imagesPerClass: flowersPerClass)
        let cache = given.userCache.appendingPathComponent("61/embedded")
        if !flowers.isWritten(in: cache) {
            given.log("generating \(flowers.imageCount) embedded synthetic flowers into \(flowers.folder(in: cache).path)")
            let bar = given.progress(total: flowers.imageCount, label: "drawing flowers")
            try flowers.ensure(in: cache) { try? bar.advance(by: 1) }
        }
        return ResolvedInput(url: flowers.folder(in: cache), description: "\(syntheticDescription): \(flowers.summary)",
                             origin: .generated("synthetic flowers"))
    }

    /// The data's name for the prose.
    static func dataName(_ url: URL, description: String) -> String {
        description.hasPrefix(syntheticDescription)
            ? "lesson 62's embedded synthetic flowers (drawn, not photographed)"
            : "the photos of `\(url.lastPathComponent)`"
    }

    /// The compared checkpoint's name for the prose and the table.
    static func baselineName(_ url: URL, description: String) -> String {
        description.hasPrefix(committedDescription)
            ? "the checkpoint lesson 62 ships (`lessons/\(PretrainCells.committedCheckpoint)`)"
            : "the checkpoint `\(url.lastPathComponent)` (--weights)"
    }
}
