import ArgumentParser
import Foundation
import ImagePipeline

extension LessonCommand {
    /// `lesson bench pipeline`: images/s of the lesson's preprocessing on this machine.
    struct BenchPipeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pipeline",
            abstract: "Time the input pipeline (decode, flip, resize, crop) over every image of a folder.")

        @Option(help: ArgumentHelp("An image folder with one sub-folder per class.", valueName: "dir"))
        var data: String

        @Option(help: "Side length images are resized to.")
        var resize = 384

        @Option(help: "Side length of the random training crop.")
        var crop = 224

        @Option(help: "Images per batch.")
        var batch = 64

        @Option(help: "Seed of the random crops and flips.")
        var seed: UInt64 = 42

        @Flag(help: "Print one JSON object (field images_per_second holds the training figure).")
        var json = false

        func validate() throws {
            guard crop >= 1, resize >= crop else {
                throw ValidationError("--crop must be at least 1 and at most --resize (got --resize \(resize), "
                    + "--crop \(crop))")
            }
            guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
            try InputChecks.checkFolder(data, flag: "--data")
            // A batch of resized images and the batch of crops made from it.
            try InputChecks.checkImages(batch: batch, size: resize, name: "the pipeline benchmark", copies: 2)
        }

        func run() throws {
            let report = try PipelineBenchmark.run(data: URL(fileURLWithPath: data), resizeTo: resize, cropTo: crop,
                                                   batchSize: batch, seed: seed)
            print(json ? report.json : report.text)
        }
    }
}
