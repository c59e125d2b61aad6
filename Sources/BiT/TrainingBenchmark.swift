import Foundation
import Tensors

/// What `TrainingBenchmark.run` measured (JSON keys in snake_case, e.g. `images_per_second`).
public struct TrainingBenchmarkReport: Codable, Sendable, BenchmarkReport {
    public var model: String
    public var imageSize: Int
    public var batch: Int
    public var headClasses: Int
    public var threads: Int
    /// The BLAS kernel set in use (e.g. "SkylakeX").
    public var blasCore: String
    /// Wall-clock seconds of each timed training step.
    public var runSeconds: [Double]
    /// The median of `runSeconds`.
    public var secondsPerStep: Double
    /// The headline figure: batch / median seconds.
    public var imagesPerSecond: Double
    /// Seconds per operation kind of the forward pass, in one extra, timed-per-layer step.
    public var forwardSeconds: [String: Double]
    /// The same for the backward pass (the SGD update under `optimizer`).
    public var backwardSeconds: [String: Double]
    /// Peak resident memory of the process (getrusage), bytes.
    public var peakMemoryBytes: Int

    /// A few lines for a terminal.
    public var summary: String {
        func split(_ seconds: [String: Double]) -> String {
            OperationKind.allCases.compactMap { kind in
                guard let value = seconds[kind.rawValue], value > 0 else { return nil }
                return String(format: "%@ %.3f s", kind.rawValue, value)
            }.joined(separator: ", ")
        }
        return [
            String(format: "%@ training step (forward, softmax cross-entropy, backward, SGD with momentum), "
                   + "%dx%d, batch %d, %d classes, %d threads (BLAS kernels: %@)",
                   model, imageSize, imageSize, batch, headClasses, threads, blasCore),
            String(format: "  %.2f images/s (median of %d steps: %.3f s per step)",
                   imagesPerSecond, runSeconds.count, secondsPerStep),
            "  forward: \(split(forwardSeconds))",
            "  backward: \(split(backwardSeconds))",
            String(format: "  peak memory %.2f GB", Double(peakMemoryBytes) / 1e9),
        ].joined(separator: "\n")
    }

}

/// Times whole-network training steps the way framework benchmarks do: one warm-up
/// step, then the median of `repeats` timed steps on the same random batch and labels.
public enum TrainingBenchmark {
    public static func run(model: ResNetV2, imageSize: Int, batch: Int, threads: Int? = nil,
                           repeats: Int = 3) -> TrainingBenchmarkReport {
        let savedThreads = ComputeThreads.count
        ComputeThreads.count = threads ?? savedThreads
        defer { ComputeThreads.count = savedThreads }
        var generator = SeededGenerator(seed: 7)
        let count = batch * imageSize * imageSize * 3
        let images = Tensor(shape: [batch, imageSize, imageSize, 3], scalars: (0..<count).map { _ in generator.nextFloat() })
        let labels = (0..<batch).map { _ in generator.nextInt(below: model.headClasses) }
        let optimizer = SGD(momentum: 0.9)
        func step() { model.trainStep(images: images, labels: labels, learningRate: 1e-3, optimizer: optimizer) }

        step()  // warm-up: buffers grow, pages fault in
        let runs = (0..<max(repeats, 1)).map { _ in ForwardBenchmark.seconds(step) }
        let median = runs.sorted()[runs.count / 2]

        model.timer.reset()
        model.timer.isEnabled = true
        step()
        model.timer.isEnabled = false
        func named(_ timer: OperationTimer) -> [String: Double] {
            Dictionary(uniqueKeysWithValues: timer.seconds.map { ($0.key.rawValue, $0.value) })
        }
        return TrainingBenchmarkReport(
            model: model.architecture.description, imageSize: imageSize, batch: batch, headClasses: model.headClasses,
            threads: ComputeThreads.count, blasCore: BLASRuntime.coreName, runSeconds: runs, secondsPerStep: median,
            imagesPerSecond: Double(batch) / median, forwardSeconds: named(model.timer.forward),
            backwardSeconds: named(model.timer.backward), peakMemoryBytes: ForwardBenchmark.peakResidentBytes())
    }
}
