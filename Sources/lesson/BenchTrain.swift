import ArgumentParser
import BiT
import Foundation

extension LessonCommand {
    /// `lesson bench train`: images/s of a whole-network training step.
    struct BenchTrain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train",
            abstract: "Time a whole-network training step (forward, loss, backward, SGD with momentum).",
            discussion: """
                Examples: `lesson bench train --model R50x1 --size 224 --batch 16`; the miniature of lesson 61: \
                `lesson bench train --weights lessons/62-big-transfer/assets/BiT-shapes-R14x0.5.npz --size 64 \
                --batch 128`. Compare with `scripts/bench-pytorch.py --train` on the same machine.
                """)

        @Option(help: "Model variant: \(ResNetV2Config.variants.keys.sorted().joined(separator: ", ")).")
        var model = "R50x1"

        @Option(help: "A BiT .npz checkpoint (default: random weights of --model, made in memory).")
        var weights: String?

        @Option(help: "Image height and width.")
        var size = 224

        @Option(help: "Images per training step.")
        var batch = 16

        @Option(help: "Head classes of a model without a head of its own.")
        var classes = 5

        @Option(help: "Worker threads (default: all cores).")
        var threads: Int?

        @Option(help: "Timed steps after the warm-up (the median is reported).")
        var repeats = 3

        @Flag(help: "Print one JSON object (field images_per_second holds the headline figure).")
        var json = false

        func validate() throws {
            guard weights != nil || ResNetV2Config.named(model) != nil else {
                throw ValidationError("unknown model \(model); choose one of "
                    + ResNetV2Config.variants.keys.sorted().joined(separator: ", "))
            }
            guard size >= 32, batch >= 1, repeats >= 1, classes >= 1, (threads ?? 1) >= 1 else {
                throw ValidationError("--size must be at least 32; --batch, --classes, --repeats and --threads at least 1")
            }
        }

        func run() throws {
            let network = try weights.map { try TrainableResNetV2(checkpoint: URL(fileURLWithPath: $0), headClasses: classes) }
                ?? TrainableResNetV2(architecture: ResNetV2Architecture(ResNetV2Config.named(model)!),
                                     headClasses: classes, seed: 1)
            let report = TrainingBenchmark.run(model: network, imageSize: size, batch: batch, threads: threads,
                                               repeats: repeats)
            print(json ? try report.json() : report.summary)
        }
    }
}
