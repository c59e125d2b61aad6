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

        @OptionGroup var options: ModelBenchmarkOptions

        @Option(help: "Head classes of a model without a head of its own.")
        var classes = 5

        func validate() throws {
            try options.validate()
            guard classes >= 1 else { throw ValidationError("--classes must be at least 1") }
            let (architecture, name) = try options.configuration()
            try InputChecks.checkTraining(architecture: architecture, name: name, batch: options.batch, size: options.size,
                                          classes: classes)
        }

        func run() throws {
            let network = try options.weights.map {
                try ResNetV2(checkpoint: URL(fileURLWithPath: $0), headClasses: classes)
            } ?? ResNetV2(architecture: ResNetV2Architecture.named(options.model)!,
                          headClasses: classes, seed: 1)
            let report = TrainingBenchmark.run(model: network, imageSize: options.size, batch: options.batch,
                                               threads: options.threads, repeats: options.repeats)
            print(options.json ? try report.json() : report.summary)
        }
    }
}
