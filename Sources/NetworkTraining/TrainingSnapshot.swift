import BiT
import Foundation
import NumPyIO
import Tensors
import Training

/// Saved progress of a whole-network training run: the parameters and SGD velocities
/// (`weights.npz`: the official keys, and `velocity/<key>`) and the step and history
/// (`progress.json`), in one folder `step-NNNNNNN` written beside its final name and
/// renamed into place, so a crash never leaves a half-written snapshot behind.
struct TrainingSnapshot: Codable {
    var step: Int
    var history: [EpochMetrics]

    static let weightsFile = "weights.npz"
    static let progressFile = "progress.json"
    static let velocityPrefix = "velocity/"

    /// Writes this snapshot of `model` and the velocities of `optimizer` (which updates
    /// `model.parameters`) into `directory` and removes older ones.
    func save(_ model: ResNetV2, optimizer: SGD, in directory: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        let final = directory.appendingPathComponent(Self.folderName(step: step))
        let partial = directory.appendingPathComponent(".partial-\(UUID().uuidString)")
        try manager.createDirectory(at: partial, withIntermediateDirectories: true)
        var arrays = model.parameterArrays()
        let velocities = optimizer.velocities.isEmpty
            ? model.parameters.map { [Float](repeating: 0, count: $0.count) } : optimizer.velocities
        for (parameter, velocity) in zip(model.parameters, velocities) {
            arrays[Self.velocityPrefix + parameter.key] = Tensor(shape: parameter.shape, scalars: velocity)
        }
        try NumPyArchive.write(arrays, to: partial.appendingPathComponent(Self.weightsFile))
        try JSONEncoder().encode(self).write(to: partial.appendingPathComponent(Self.progressFile))
        try? manager.removeItem(at: final)
        try manager.moveItem(at: partial, to: final)
        for older in try Self.snapshots(in: directory) where older.step < step {
            try? manager.removeItem(at: older.url)
        }
    }

    /// The newest snapshot in `directory`, loaded into `model` and `optimizer`; nil when there is none.
    static func latest(in directory: URL, for model: ResNetV2, optimizer: SGD) throws -> TrainingSnapshot? {
        guard let newest = try snapshots(in: directory).max(by: { $0.step < $1.step }) else { return nil }
        let progressURL = newest.url.appendingPathComponent(progressFile)
        let weightsURL = newest.url.appendingPathComponent(weightsFile)
        let snapshot: TrainingSnapshot
        let arrays: [String: Tensor]
        do {
            snapshot = try JSONDecoder().decode(TrainingSnapshot.self, from: Data(contentsOf: progressURL))
            arrays = try NumPyArchive.read(from: weightsURL)
        } catch {
            throw TrainingError.corruptStore(path: newest.url.path, reason: "\(error)")
        }
        var velocities: [[Float]] = []
        for parameter in model.parameters {
            guard let value = arrays[parameter.key], let velocity = arrays[velocityPrefix + parameter.key],
                  value.shape == parameter.shape, velocity.shape == parameter.shape else {
                throw TrainingError.corruptStore(path: weightsURL.path,
                                                 reason: "\(parameter.key) is missing or has another shape")
            }
            parameter.value = value.scalars
            velocities.append(velocity.scalars)
        }
        optimizer.restore(velocities: velocities)
        return snapshot
    }

    static func folderName(step: Int) -> String { String(format: "step-%07d", step) }

    /// The finished snapshots in `directory` (partial folders are skipped).
    static func snapshots(in directory: URL) throws -> [(step: Int, url: URL)] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .compactMap { url in
                let name = url.lastPathComponent
                guard name.hasPrefix("step-"), let step = Int(name.dropFirst(5)) else { return nil }
                return (step, url)
            }
    }
}
