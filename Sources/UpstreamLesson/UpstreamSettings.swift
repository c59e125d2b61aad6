import BiT
import Foundation
import LessonKit
import NetworkTraining
import Training

/// The lesson's parameters as the libraries take them.
struct UpstreamSettings {
    let seed: UInt64
    let imageSize: Int
    let architecture: ResNetV2Architecture
    let batchSize: Int
    let training: WholeNetworkTraining
    let validationPerClass: Int
    let upstream: UpstreamData

    init(_ context: CellContext) throws {
        seed = UInt64(try context.int("seed"))
        imageSize = try context.int("image_size")
        architecture = try Self.architecture(context)
        batchSize = try context.int("batch_size")
        validationPerClass = try context.int("validation_per_class")
        upstream = try UpstreamData(context)
        let steps = try context.int("steps"), warmUp = try context.int("warmup_steps")
        let decays = try context.ints("decay_steps")
        guard batchSize > 0, validationPerClass > 0, warmUp >= 0, decays.allSatisfy({ $0 > warmUp && $0 < steps }) else {
            throw UpstreamError.invalidSetting(
                "batch_size (\(batchSize)) and validation_per_class (\(validationPerClass)) must be positive, and "
                    + "every decay step \(decays) must lie after warmup_steps (\(warmUp)) and before steps (\(steps)).")
        }
        var training = WholeNetworkTraining(
            steps: steps, stepsPerEpoch: try context.int("steps_per_epoch"),
            schedule: try BiTHyperRuleSchedule(baseLearningRate: try context.double("learning_rate"),
                                               supports: [warmUp] + decays + [steps]))
        training.momentum = Float(try context.double("momentum"))
        training.weightDecay = Float(try context.double("weight_decay"))
        self.training = training
    }

    static func architecture(_ context: CellContext) throws -> ResNetV2Architecture {
        let architecture = ResNetV2Architecture(blockUnits: try context.ints("block_units"),
                                                rootChannels: try context.int("root_channels"))
        guard architecture.resNetV2Config != nil else {
            throw UpstreamError.invalidSetting(
                "block_units \(architecture.blockUnits) and root_channels \(architecture.rootChannels) do not make a BiT "
                    + "ResNet-v2: give at least one positive unit count and root channels that are a multiple of 32.")
        }
        return architecture
    }

    func batches() throws -> any UpstreamBatches {
        switch upstream {
        case .shapes:
            return try ShapeBatches(seed: seed, imageSize: imageSize, batchSize: batchSize,
                                    validationImagesPerClass: validationPerClass)
        case .deadLeaves(let exemplars):
            return try ExemplarBatches(seed: seed, imageSize: imageSize, batchSize: batchSize, exemplars: exemplars)
        case .mixed(let exemplars):
            return try MixedBatches(seed: seed, imageSize: imageSize, batchSize: batchSize,
                                    validationImagesPerClass: validationPerClass, exemplars: exemplars)
        }
    }
}

/// A parameter value lesson 61 cannot use.
enum UpstreamError: Error, CustomStringConvertible {
    case invalidSetting(String)

    var description: String {
        switch self {
        case .invalidSetting(let detail): return detail
        }
    }
}
