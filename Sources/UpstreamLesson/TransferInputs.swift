import Foundation
import LessonKit
import SyntheticFlowers

/// Where lesson 61's transfer cell finds its images to probe on: `--data DIR`, else lesson 62's
/// embedded synthetic flowers; and the checkpoint to compare with: `--weights FILE`, else (as the
/// export cell's `committed`) the one lesson 62 ships, which lesson.toml names with `from` and
/// LessonKit resolves through the lessons folder. The other cells read no input: their data is drawn.
enum TransferInputs {
    /// Synthetic flowers a class when no photos are given: as many as the 200 sample photos
    /// hold, enough for stratified 85/15 splits (34 / 6 a class) and a fast probe.
    static let flowersPerClass = 40
    static let syntheticFlowers = InputOrigin.generated("synthetic flowers")

    static func resolve(_ given: InputRequest) throws -> ResolvedInputs {
        let data = try given.given["data"].map { ResolvedInput(url: $0, description: "image folder \($0.path) (--data)", origin: .flag("--data")) }
            ?? embeddedFlowers(given)
        var inputs = ["data": data]
        // Without --weights, `baseline` is lesson 62's shipped checkpoint (its `from` in lesson.toml).
        inputs["baseline"] = given.given["baseline"].map {
            ResolvedInput(url: $0, description: "BiT checkpoint \($0.path) (--weights)", origin: .flag("--weights"))
        }
        return ResolvedInputs(inputs: inputs)
    }

    /// Lesson 62's embedded flowers (the same generator, seed and size), `flowersPerClass` a class,
    /// drawn once into the user cache.
    private static func embeddedFlowers(_ given: InputRequest) throws -> ResolvedInput {
        let flowers = try EmbeddedFlowers(imagesPerClass: flowersPerClass)
        let cache = given.userCache.appendingPathComponent("61/embedded")
        if !flowers.isWritten(in: cache) {
            given.log("generating \(flowers.imageCount) embedded synthetic flowers into \(flowers.folder(in: cache).path)")
            let bar = given.progress(total: flowers.imageCount, label: "drawing flowers")
            try flowers.ensure(in: cache) { try? bar.advance(by: 1) }
        }
        return ResolvedInput(url: flowers.folder(in: cache), description: "lesson 62's embedded synthetic flowers: "
                             + flowers.summary, origin: syntheticFlowers)
    }

    /// The data's name for the prose.
    static func dataName(_ data: ResolvedInput) -> String {
        data.origin == syntheticFlowers ? "lesson 62's embedded synthetic flowers (drawn, not photographed)"
            : "the photos of `\(data.url.lastPathComponent)`"
    }

    /// The data's short name, for the figure's title.
    static func shortName(_ data: ResolvedInput) -> String {
        data.origin == syntheticFlowers ? "synthetic flowers" : data.url.lastPathComponent
    }

    /// The compared checkpoint's name for the prose and the table (`path`: where lesson 62's is).
    static func baselineName(_ baseline: ResolvedInput, lesson: Lesson) -> String {
        baseline.origin == .shipped ? "the checkpoint lesson 62 ships (`\(lesson.repositoryPath(baseline.url))`)"
            : "the checkpoint `\(baseline.url.lastPathComponent)` (--weights)"
    }
}
