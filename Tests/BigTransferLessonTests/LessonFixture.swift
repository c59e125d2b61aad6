import BiT
import BigTransferLesson
import Foundation
import LessonKit
import NumPyIO
import SyntheticFlowers
import TestSupport
import Training

/// Lesson 62's real `lesson.toml`, found from this file's path.
enum LessonDefinition {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // BigTransferLessonTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("lessons/62-big-transfer/lesson.toml")

    static let lesson = Result { try LessonFile.load(url) }
}

/// The inputs of a fast lesson run, generated once per test process: 12 synthetic 64x64
/// flowers per class and a random miniature BiT checkpoint (one unit per block, width 1).
struct TinyInputs {
    static let imagesPerClass = 12
    /// round(12 x 0.85) = 10 training and 2 validation images per class.
    static let trainPerClass = 10
    static let validationPerClass = 2

    let data: URL
    let weights: URL

    static let shared = Result { try TinyInputs(root: ProcessFolder.url.appendingPathComponent("inputs")) }

    private init(root: URL) throws {
        data = root.appendingPathComponent("flowers")
        try SyntheticFlowers(seed: 7, imageSize: 64).writeDataset(to: data, imagesPerClass: Self.imagesPerClass)
        weights = root.appendingPathComponent("bit-random.npz")
        let config = ResNetV2Architecture(blockUnits: [1, 1, 1, 1], widthFactor: 1)
        try NumPyArchive.write(config.randomArrays(headClasses: nil, seed: 1), to: weights)
    }

    /// Small sizes: three epochs of two steps of 16 images, on 48x48 crops of 64x64 images.
    /// The schedule is 6 steps, so early stopping (patience 2) can end training no earlier
    /// than the last epoch: every run draws the same 96 training views.
    static let settings: [ParameterAssignment] = [
        .init(key: "resize_to", value: "64"), .init(key: "crop_to", value: "48"),
        .init(key: "batch_size", value: "16"), .init(key: "steps_per_epoch", value: "2"),
        .init(key: "schedule_length", value: "6"), .init(key: "learning_rate", value: "0.003"),
        // Per-class counts below assume the stratified split (the default, tfds, is tested on its own).
        .init(key: "split", value: "stratified"),
    ]
    static let epochs = 3
    static let steps = 6
    static let batchSize = 16
}

/// An output folder for lesson 62 and a way to run the real program on it in-process,
/// with the console captured.
final class LessonRun {
    let root: URL
    let store: ArtifactStore
    /// The program runs use (a test may swap in one with a bumped cell version).
    var program: LessonProgram = BigTransferProgram()
    private(set) var output = ""
    private let lock = NSLock()

    init(root: URL = SharedFixtures.temporaryDirectory("bit-lesson-run")) {
        self.root = root
        store = ArtifactStore(outputRoot: root.appendingPathComponent("output"), lesson: 62)
    }

    /// A run over a copy of the shared completed run's output folder (its cache included),
    /// so a test can change parameters without computing the first run again.
    static func copyOfBaseline() throws -> LessonRun {
        let baseline = try Baseline.shared.get()
        let run = LessonRun()
        try FileManager.default.copyItem(at: baseline.root.appendingPathComponent("output"),
                                         to: run.root.appendingPathComponent("output"))
        return run
    }

    /// Runs the lesson with the tiny inputs and settings plus `extra` assignments.
    @discardableResult
    func run(cells: [String] = [], extra: [ParameterAssignment] = [], data: URL? = nil,
             weights: URL? = nil) throws -> RunOutcome {
        let inputs = try TinyInputs.shared.get()
        return try run(RunRequest(cells: cells, assignments: TinyInputs.settings + extra,
                                  inputs: ["data": data ?? inputs.data, "weights": weights ?? inputs.weights]))
    }

    /// Runs `request` with a fresh runner (as a new `lesson run` process would).
    @discardableResult
    func run(_ request: RunRequest) throws -> RunOutcome {
        output = ""
        let console = Console(isInteractive: false) { [unowned self] text in
            lock.lock()
            output += text
            lock.unlock()
        }
        let runner = LessonRunner(lesson: try LessonDefinition.lesson.get(), program: program,
                                  store: store, console: console, userCache: root.appendingPathComponent("user-cache"))
        return try runner.run(request)
    }

    // MARK: Reading what the run left

    var record: RunRecord? { RunRecord.load(from: store) }

    /// The cell names of the last run whose status and cache origin match.
    func cells(fromCache: Bool, status: RunRecord.Status = .done) -> [String] {
        (record?.cells ?? []).filter { $0.status == status && $0.fromCache == fromCache }.map(\.name)
    }

    func outputFile(_ name: String) -> URL { store.outputDirectory.appendingPathComponent(name) }

    func text(_ name: String) throws -> String { try String(contentsOf: outputFile(name), encoding: .utf8) }

    /// The state folder the last run used for `cell`.
    func stateDirectory(_ cell: String) throws -> URL {
        let key = try requireValue(record?.cell(cell)?.key, "no key recorded for cell \(cell)")
        return store.cacheDirectory.appendingPathComponent(cell).appendingPathComponent(key)
    }

    func json<T: Decodable>(_ type: T.Type, cell: String, file: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: try stateDirectory(cell).appendingPathComponent(file)))
    }

    /// The output a typed cell stored with its state.
    func output<T: Decodable>(_ type: T.Type, cell: String) throws -> T { try json(type, cell: cell, file: "output.json") }

    var dataset: DatasetFile { get throws { try output(DatasetFile.self, cell: "load-dataset") } }
    var training: TrainingFile { get throws { try output(TrainingFile.self, cell: "train") } }

    /// The keys of the feature stores in the derived cache (as `derived.json` records them), sorted.
    var featureStores: [String] { featureFolders.map(\.key).sorted() }

    /// The folder of the feature store with `key`.
    func featureFolder(_ key: String) throws -> URL {
        try requireValue(featureFolders.first { $0.key == key }?.url, "no feature store \(key)")
    }

    private var featureFolders: [(key: String, url: URL)] {
        let folder = store.derivedDirectory.appendingPathComponent("features")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            let url = folder.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url.appendingPathComponent("derived.json")),
                  let entry = try? JSONDecoder().decode(DerivedEntry.self, from: data), let key = entry.key.first
            else { return nil }
            return (key, url)
        }
    }

    private struct DerivedEntry: Decodable { var key: [String] }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// The folder of what the tests share within one process (inputs, the baseline run),
/// removed when the process exits: no test owns it, so no test's cleanup can remove it.
enum ProcessFolder {
    static let url: URL = {
        let url = SharedFixtures.temporaryDirectory("bit-lesson-tests")
        atexit { try? FileManager.default.removeItem(at: ProcessFolder.url) }
        return url
    }()
}

/// One completed run with the tiny inputs, made once per test process and copied by the
/// tests that change something.
enum Baseline {
    static let shared = Result { () throws -> LessonRun in
        let run = LessonRun(root: ProcessFolder.url.appendingPathComponent("baseline"))
        let outcome = try run.run()
        guard outcome == .completed else { throw FixtureError("the baseline run ended with \(outcome):\n\(run.output)") }
        return run
    }
}

/// The load-dataset cell's output, as the tests read it.
struct DatasetFile: Decodable {
    var classNames: [String]
    var files: [String]
    var labels: [Int]
    var trainIndices: [Int]
    var validationIndices: [Int]

    /// Images of each class among `indices`.
    func counts(_ indices: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        for index in indices { counts[labels[index]] += 1 }
        return counts
    }
}

/// The train cell's output, as the tests read it.
struct TrainingFile: Decodable {
    var restoredEpoch: Int?
    var stoppedEpoch: Int?
    var steps: Int
    var featureStore: String
    var trainFeatureHits: Int
    var trainFeatureMisses: Int
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func requireValue<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw FixtureError(message) }
    return value
}
