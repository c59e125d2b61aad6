import ArgumentParser
import BiT
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson bench`: the engine benchmarks, the forward pass by default.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the engine: the BiT forward pass (default), a training step or the image pipeline.",
            discussion: "`lesson bench [model] --size 224 --batch 16`, `lesson bench train --size 224 --batch 16`, "
                + "`lesson bench pipeline --data DIR`.",
            subcommands: [BenchModel.self, BenchTrain.self, BenchPipeline.self], defaultSubcommand: BenchModel.self)
    }

    /// `lesson bench model` (the default of `lesson bench`): images/s of the BiT forward pass.
    struct BenchModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "model",
            abstract: "Time the BiT ResNetV2 forward pass (images/s, GFLOP/s, time by operation, peak memory).")

        @OptionGroup var options: ModelBenchmarkOptions

        func validate() throws {
            try options.validate()
            let (architecture, name) = try options.configuration()
            try InputChecks.checkForward(architecture: architecture, name: name, batch: options.batch, size: options.size)
        }

        func run() throws {
            let network = try options.weights.map { try ResNetV2(checkpoint: URL(fileURLWithPath: $0)) }
                ?? ResNetV2(architecture: ResNetV2Architecture.named(options.model)!)
            let report = ForwardBenchmark.run(model: network, imageSize: options.size, batch: options.batch,
                                              threads: options.threads, repeats: options.repeats)
            print(options.json ? try report.json() : report.summary)
        }
    }
}

/// The flags `lesson bench model` and `lesson bench train` share: which network, at what
/// size and batch, on how many threads, and how to report.
struct ModelBenchmarkOptions: ParsableArguments {
    @Option(help: "Model variant: \(ResNetV2Architecture.variants.keys.sorted().joined(separator: ", ")).")
    var model = "R50x1"

    @Option(help: "A BiT .npz checkpoint (default: random weights of --model, made in memory).")
    var weights: String?

    @Option(help: "Image height and width.")
    var size = 224

    @Option(help: "Images per batch.")
    var batch = 16

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(help: "Timed runs after the warm-up (the median is reported).")
    var repeats = 3

    @Flag(help: "Print one JSON object (field images_per_second holds the headline figure).")
    var json = false

    func validate() throws {
        guard weights != nil || ResNetV2Architecture.named(model) != nil else {
            throw ValidationError("unknown model \(model); choose one of "
                + ResNetV2Architecture.variants.keys.sorted().joined(separator: ", "))
        }
        guard size >= 32, batch >= 1, repeats >= 1, (threads ?? 1) >= 1 else {
            throw ValidationError("--size must be at least 32, --batch, --repeats and --threads at least 1")
        }
        if let weights { try InputError.checkRegularFile(URL(fileURLWithPath: weights), flag: "--weights") }
    }

    /// The network's architecture, from the checkpoint's headers or the named variant, and its name.
    func configuration() throws -> (ResNetV2Architecture, String) {
        if let weights { return (try InputChecks.checkpointShape(weights).architecture, weights) }
        return (ResNetV2Architecture.named(model)!, model)
    }
}
