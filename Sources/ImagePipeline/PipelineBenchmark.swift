import Foundation

/// What `lesson bench pipeline` measures: how fast the lesson's preprocessing runs.
public struct PipelineBenchmarkReport: Sendable, Codable, Equatable {
    /// Images found (decodable or not).
    public let imageCount: Int
    /// Images that failed to decode (excluded from the rates).
    public let skippedCount: Int
    /// Cores the work was spread over.
    public let cores: Int
    /// Train preprocessing (decode, flip, resize, crop, / 255) images per second.
    public let trainImagesPerSecond: Double
    /// Test preprocessing (decode, resize, / 255) images per second.
    public let testImagesPerSecond: Double
    /// Wall-clock seconds of the train and test passes.
    public let trainSeconds: Double
    public let testSeconds: Double
    /// CPU seconds (all threads) the train pass used: well below `cores * trainSeconds`
    /// means other processes held the cores, and the rate understates the pipeline.
    public let trainCPUSeconds: Double
    /// Sizes used.
    public let resizeTo: Int
    public let cropTo: Int

    enum CodingKeys: String, CodingKey {
        case imageCount = "images"
        case skippedCount = "skipped"
        case cores
        case trainImagesPerSecond = "images_per_second"
        case testImagesPerSecond = "test_images_per_second"
        case trainSeconds = "train_seconds"
        case testSeconds = "test_seconds"
        case trainCPUSeconds = "train_cpu_seconds"
        case resizeTo = "resize_to"
        case cropTo = "crop_to"
    }

    /// One JSON object; `images_per_second` is the train preprocessing figure.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Two lines for a terminal.
    public var text: String {
        let rate = { (value: Double) in String(format: "%.0f", value) }
        return """
        train preprocessing (decode, flip, resize \(resizeTo), crop \(cropTo)): \(rate(trainImagesPerSecond)) images/s \
        (\(imageCount - skippedCount) images, \(cores) cores, \(String(format: "%.2f", trainCPUSeconds)) CPU s \
        in \(String(format: "%.2f", trainSeconds)) s)
        test preprocessing (decode, resize \(resizeTo)): \(rate(testImagesPerSecond)) images/s
        """
    }
}

/// Times the lesson's train and test preprocessing over every image of a dataset folder,
/// decoding from disk each time (no cache), on all cores.
public enum PipelineBenchmark {
    /// Runs each pass `passes` times and keeps the fastest (the first may pay for a cold
    /// disk cache). Images are made in batches of `batchSize`, as training makes them.
    public static func run(data: URL, resizeTo: Int = 384, cropTo: Int = 224, batchSize: Int = 32,
                           seed: UInt64 = 0, passes: Int = 2) throws -> PipelineBenchmarkReport {
        let dataset = try ImageFolderDataset(root: data)
        let plan = AugmentationPlan(resizeTo: resizeTo, cropTo: cropTo)
        let loader = BatchLoader(dataset: dataset, plan: plan, batchSize: batchSize)
        let chunks = BatchLoader.chunks(Array(0..<dataset.count), size: batchSize)
        let (trainSeconds, trainCPUSeconds) = fastest(of: passes) {
            for chunk in chunks {
                let views = chunk.map { plan.view(seed: seed, imageIndex: $0, viewIndex: 0) }
                _ = loader.batch(indices: chunk, views: views)
            }
        }
        let (testSeconds, _) = fastest(of: passes) {
            for chunk in chunks { _ = loader.batch(indices: chunk, views: nil) }
        }
        let processed = Double(dataset.count - loader.failures.skipped.count)
        return PipelineBenchmarkReport(
            imageCount: dataset.count, skippedCount: loader.failures.skipped.count,
            cores: ProcessInfo.processInfo.activeProcessorCount,
            trainImagesPerSecond: processed / trainSeconds, testImagesPerSecond: processed / testSeconds,
            trainSeconds: trainSeconds, testSeconds: testSeconds, trainCPUSeconds: trainCPUSeconds,
            resizeTo: resizeTo, cropTo: cropTo)
    }

    /// The wall-clock and CPU seconds of the fastest of `passes` runs of `work`.
    private static func fastest(of passes: Int, _ work: () -> Void) -> (wall: Double, cpu: Double) {
        (0..<max(1, passes)).map { _ in
            let cpuStart = processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            work()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return (wall, processCPUSeconds() - cpuStart)
        }.min { $0.wall < $1.wall }!
    }

    /// User plus system CPU time of this process so far.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let seconds = { (time: timeval) in Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
