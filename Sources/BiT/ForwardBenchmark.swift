import Dispatch
import Foundation
import Tensors

/// What `ForwardBenchmark.run` measured (JSON keys in snake_case, e.g. `images_per_second`).
public struct ForwardBenchmarkReport: Codable, Sendable, BenchmarkReport {
    public var model: String
    public var imageSize: Int
    public var batch: Int
    public var threads: Int
    /// The BLAS kernel set in use (e.g. "SkylakeX").
    public var blasCore: String
    /// Wall-clock seconds of each timed forward pass.
    public var runSeconds: [Double]
    /// The median of `runSeconds`.
    public var secondsPerBatch: Double
    /// Processor seconds (user + system, all threads) of the median run: on a shared,
    /// busy machine wall-clock time is inflated, this much less.
    public var cpuSecondsPerBatch: Double
    /// The headline figure: batch / median seconds.
    public var imagesPerSecond: Double
    /// Multiply-adds per image up to the pre-logits (what is timed).
    public var multiplyAddsPerImage: Double
    /// 2 x multiply-adds x images per second / 1e9.
    public var achievedGflops: Double
    /// GFLOP/s of a large square SGEMM on the same threads: the attainable peak.
    public var gemmProbeGflops: Double
    /// `achievedGflops / gemmProbeGflops`.
    public var efficiency: Double
    /// Seconds per operation kind in one extra, timed-per-layer forward pass.
    public var operationSeconds: [String: Double]
    /// Peak resident memory of the process (getrusage), bytes.
    public var peakMemoryBytes: Int

    /// A few lines for a terminal.
    public var summary: String {
        let total = operationSeconds.values.reduce(0, +)
        let split = OperationKind.allCases.filter { (operationSeconds[$0.rawValue] ?? 0) > 0 }.map { kind -> String in
            let seconds = operationSeconds[kind.rawValue] ?? 0
            return String(format: "%@ %.0f%%", kind.rawValue, total > 0 ? 100 * seconds / total : 0)
        }.joined(separator: ", ")
        return [
            String(format: "%@ forward, %dx%d, batch %d, %d threads (BLAS kernels: %@)",
                   model, imageSize, imageSize, batch, threads, blasCore),
            String(format: "  %.2f images/s (median of %d runs: %.3f s per batch, %.3f processor s)",
                   imagesPerSecond, runSeconds.count, secondsPerBatch, cpuSecondsPerBatch),
            String(format: "  %.2f GMACs per image, %.1f GFLOP/s achieved; SGEMM probe %.1f GFLOP/s (%.0f%% of it)",
                   multiplyAddsPerImage / 1e9, achievedGflops, gemmProbeGflops, 100 * efficiency),
            "  time by operation: \(split)",
            String(format: "  peak memory %.2f GB", Double(peakMemoryBytes) / 1e9),
        ].joined(separator: "\n")
    }

}

/// A benchmark's report, printable as one JSON object (keys in snake_case, sorted).
public protocol BenchmarkReport: Encodable {}

extension BenchmarkReport {
    /// The report as one JSON object.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Times the forward pass to the pre-logits (`features`, as a feature extractor runs it)
/// the way framework benchmarks do: one warm-up pass, then the median of `repeats` timed
/// passes over the same random batch.
public enum ForwardBenchmark {
    /// Benchmarks `model` on random images of `imageSize` x `imageSize` with `threads`
    /// workers (`ComputeThreads.count` is set for the run and restored after); the GEMM
    /// probe multiplies `probeSize`-square matrices.
    public static func run(model: ResNetV2, imageSize: Int, batch: Int, threads: Int? = nil,
                           repeats: Int = 3, probeSize: Int = 2048) -> ForwardBenchmarkReport {
        let savedThreads = ComputeThreads.count
        ComputeThreads.count = threads ?? savedThreads
        defer { ComputeThreads.count = savedThreads }
        var generator = SeededGenerator(seed: 7)
        let count = batch * imageSize * imageSize * 3
        let images = Tensor(shape: [batch, imageSize, imageSize, 3], scalars: (0..<count).map { _ in generator.nextFloat() })

        _ = model.features(images)  // warm-up: buffers grow, pages fault in
        var cpu: [Double] = []
        let runs = (0..<max(repeats, 1)).map { _ in
            let before = processorSeconds()
            defer { cpu.append(processorSeconds() - before) }
            return seconds { _ = model.features(images) }
        }
        let median = runs.sorted()[runs.count / 2]

        model.timer.reset()
        model.timer.isEnabled = true
        _ = model.features(images)
        model.timer.isEnabled = false
        let operations = Dictionary(uniqueKeysWithValues: model.timer.forward.seconds.map { ($0.key.rawValue, $0.value) })

        let macs = Double(model.multiplyAdds(batch: 1, height: imageSize, width: imageSize))
        let imagesPerSecond = Double(batch) / median
        let achieved = 2 * macs * imagesPerSecond / 1e9
        let probe = gemmProbe(size: probeSize)
        return ForwardBenchmarkReport(
            model: model.architecture.description, imageSize: imageSize, batch: batch, threads: ComputeThreads.count,
            blasCore: BLASRuntime.coreName, runSeconds: runs, secondsPerBatch: median,
            cpuSecondsPerBatch: cpu.sorted()[cpu.count / 2],
            imagesPerSecond: imagesPerSecond, multiplyAddsPerImage: macs, achievedGflops: achieved,
            gemmProbeGflops: probe, efficiency: achieved / probe, operationSeconds: operations,
            peakMemoryBytes: peakResidentBytes())
    }

    /// GFLOP/s of a `size`³ SGEMM split over the engine's workers (best of 3).
    public static func gemmProbe(size: Int = 2048) -> Double {
        let a = FloatBuffer(capacity: size * size), b = FloatBuffer(capacity: size * size)
        let c = FloatBuffer(capacity: size * size)
        for i in 0 ..< size * size {
            a.pointer[i] = Float(i % 13) * 0.01
            b.pointer[i] = Float(i % 7) * 0.01
        }
        let best = (0..<3).map { _ in
            seconds { MatrixMultiply.parallelGemm(m: size, n: size, k: size, a: a.pointer, b: b.pointer, c: c.pointer) }
        }.min()!
        return 2 * pow(Double(size), 3) / best / 1e9
    }

    /// The peak resident set size of this process, in bytes.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss  // bytes on macOS
        #endif
    }

    /// User plus system time of the whole process so far.
    private static func processorSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Wall-clock seconds of `body`.
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
