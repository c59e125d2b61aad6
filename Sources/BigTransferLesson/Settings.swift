import Foundation
import ImagePipeline
import LessonKit
import Training

/// Where settings read their parameters: a cell's context (only its declared parameters), or
/// a lesson's resolved parameters (for tests and `lesson show`).
protocol ParameterSource {
    func int(_ name: String) throws -> Int
    func double(_ name: String) throws -> Double
    func string(_ name: String) throws -> String
    func bool(_ name: String) throws -> Bool
    func ints(_ name: String) throws -> [Int]
}

extension CellContext: ParameterSource {}

/// A lesson's resolved parameters as a source (every declared parameter is readable).
struct ResolvedParameterSource: ParameterSource {
    let parameters: ResolvedParameters

    private func value(_ name: String) throws -> ParameterValue {
        guard let value = parameters[name] else { throw LessonStateError.invalidSetting("no parameter '\(name)'") }
        return value
    }

    func int(_ name: String) throws -> Int {
        guard case .int(let v) = try value(name) else { throw LessonStateError.invalidSetting("\(name) is not an int") }
        return v
    }

    func double(_ name: String) throws -> Double {
        switch try value(name) {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw LessonStateError.invalidSetting("\(name) is not a double")
        }
    }

    func string(_ name: String) throws -> String {
        guard case .string(let v) = try value(name) else { throw LessonStateError.invalidSetting("\(name) is not a string") }
        return v
    }

    func bool(_ name: String) throws -> Bool {
        guard case .bool(let v) = try value(name) else { throw LessonStateError.invalidSetting("\(name) is not a bool") }
        return v
    }

    func ints(_ name: String) throws -> [Int] {
        guard case .ints(let v) = try value(name) else { throw LessonStateError.invalidSetting("\(name) is not ints") }
        return v
    }
}

/// The dataset cell's settings: how the images are split.
struct DatasetSettings {
    static let parameters = ["seed", "train_fraction", "split"]

    /// `tfds`: tfds' record order of tf_flowers, then its percent slices; `stratified`: a seeded
    /// split that keeps every class's share.
    enum SplitRule: String, CaseIterable {
        case tfds, stratified
    }

    let seed: UInt64
    let trainFraction: Double
    let split: SplitRule

    init(_ source: ParameterSource) throws {
        seed = UInt64(try source.int("seed"))
        trainFraction = try source.double("train_fraction")
        let rule = try source.string("split")
        guard let split = SplitRule(rawValue: rule) else {
            throw LessonStateError.invalidSetting("split is \"\(rule)\": use --set split=tfds (tfds' own record order "
                + "and percent slices, as the Keras lesson) or split=stratified (a seeded split by class).")
        }
        self.split = split
        guard trainFraction > 0, trainFraction < 1 else {
            throw LessonStateError.invalidSetting("train_fraction \(trainFraction) must lie between 0 and 1 "
                + "(the Keras lesson uses 0.85): fix it with --set.")
        }
    }
}

/// The preprocessing: sizes of the resize and the random crop, and the seed of the views.
struct PipelineSettings {
    static let parameters = ["resize_to", "crop_to", "seed"]

    let plan: AugmentationPlan
    let seed: UInt64

    init(_ source: ParameterSource) throws {
        let resize = try source.int("resize_to"), crop = try source.int("crop_to")
        guard crop > 0, resize >= crop else {
            throw LessonStateError.invalidSetting("crop_to (\(crop)) must be positive and at most resize_to (\(resize)): "
                                              + "fix them with --set.")
        }
        plan = AugmentationPlan(resizeTo: resize, cropTo: crop, method: .bilinear)
        seed = UInt64(try source.int("seed"))
    }
}

/// How the head is trained (train and random-backbone): the Keras lesson's loop and schedule.
struct HeadTrainingSettings {
    static let parameters = ["batch_size", "steps_per_epoch", "schedule_length", "schedule_boundaries", "learning_rate",
                             "momentum", "patience", "seed", "feature_mode", "feature_views", "standardize_features"]

    let configuration: TrainingConfiguration
    let faithful: Bool
    let standardizeFeatures: Bool

    init(_ source: ParameterSource) throws {
        let batchSize = try source.int("batch_size"), stepsPerEpoch = try source.int("steps_per_epoch")
        guard batchSize > 0, stepsPerEpoch > 0 else {
            throw LessonStateError.invalidSetting("batch_size (\(batchSize)) and steps_per_epoch (\(stepsPerEpoch)) "
                + "must be positive: fix them with --set.")
        }
        let mode = try source.string("feature_mode")
        guard mode == "cached" || mode == "faithful" else {
            throw LessonStateError.invalidSetting("feature_mode is \"\(mode)\": use --set feature_mode=cached "
                                                  + "(train on cached backbone features) or feature_mode=faithful.")
        }
        faithful = mode == "faithful"
        var configuration = TrainingConfiguration(schedule: try PiecewiseConstantSchedule.tenfoldDecay(
            base: try source.double("learning_rate"), boundaries: try source.ints("schedule_boundaries")))
        configuration.batchSize = batchSize
        configuration.stepsPerEpoch = stepsPerEpoch
        configuration.epochs = max(1, try source.int("schedule_length") / stepsPerEpoch)
        configuration.momentum = Float(try source.double("momentum"))
        configuration.earlyStoppingPatience = try source.int("patience")
        configuration.seed = UInt64(try source.int("seed"))
        configuration.featureViews = try source.int("feature_views")
        self.configuration = configuration
        standardizeFeatures = try source.bool("standardize_features")
    }
}

/// Whole-network fine-tuning (BiT's HyperRule rescaled to `fine_tune_steps`).
struct FineTuneSettings {
    static let parameters = ["fine_tune", "fine_tune_steps", "fine_tune_learning_rate", "batch_size", "momentum", "seed"]

    let run: Bool
    let steps: Int
    let learningRate: Double
    let batchSize: Int
    let momentum: Float

    init(_ source: ParameterSource) throws {
        run = try source.bool("fine_tune")
        steps = try source.int("fine_tune_steps")
        learningRate = try source.double("fine_tune_learning_rate")
        batchSize = try source.int("batch_size")
        momentum = Float(try source.double("momentum"))
        guard steps >= 5, learningRate > 0, batchSize > 0 else {
            throw LessonStateError.invalidSetting("fine_tune_steps (\(steps)) must be at least 5, and "
                + "fine_tune_learning_rate (\(learningRate)) and batch_size (\(batchSize)) positive: fix them with --set.")
        }
    }
}

/// Which settings each cell reads: the test `SettingsTests` checks every name against the
/// cell's declared parameters in lesson.toml, so a misspelt name fails when the lesson loads.
enum SettingsUse {
    static let byCell: [String: [String]] = [
        "setup": ["seed"],
        "load-dataset": DatasetSettings.parameters,
        "visualize": ["seed"],
        "define-pipeline": PipelineSettings.parameters + FirstBatch.parameters,
        "train": PipelineSettings.parameters + HeadTrainingSettings.parameters,
        "evaluate": PipelineSettings.parameters,
        "random-backbone": ["compare_random_backbone"] + PipelineSettings.parameters + HeadTrainingSettings.parameters,
        "fine-tune": PipelineSettings.parameters + FineTuneSettings.parameters,
    ]
}
