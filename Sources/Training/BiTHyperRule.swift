/// The BiT-HyperRule (Kolesnikov et al., "Big Transfer (BiT)", 2020, section 3.3; the
/// reference `bit_hyperrule.py` of google-research/big_transfer): a fine-tuning recipe chosen
/// by the size of the downstream training set.
///
/// | images        | supports (steps)                       | MixUp α |
/// | ------------- | -------------------------------------- | ------- |
/// | < 20,000      | 100, 200, 300, 400, 500                | 0       |
/// | < 500,000     | 500, 3000, 6000, 9000, 10000           | 0.1     |
/// | ≥ 500,000     | 500, 6000, 12000, 18000, 20000         | 0.1     |
///
/// The first support ends a linear warm-up from 0; the learning rate is divided by 10
/// each time the step passes one of the middle supports (strictly: `support < step`),
/// and training ends at the last support.
public struct BiTHyperRuleSchedule: LearningRateSchedule {
    /// The base learning rate reached at the end of the warm-up (BiT: 0.003 at batch 512).
    public let baseLearningRate: Double
    /// Warm-up end, decay points, and the training length, as listed above.
    public let supports: [Int]

    /// The schedule for a training set of `datasetSize` images.
    public init(datasetSize: Int, baseLearningRate: Double = 0.003) {
        self.baseLearningRate = baseLearningRate
        supports = Self.supports(datasetSize: datasetSize)
    }

    /// A schedule of the same shape with other supports: warm-up end, decay steps, end
    /// (for example BiT's upstream recipe, or the HyperRule rescaled to a shorter run).
    public init(baseLearningRate: Double, supports: [Int]) throws {
        guard supports.count >= 2, supports[0] >= 0,
              zip(supports, supports.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw TrainingError.invalidConfiguration(
                "schedule supports \(supports) must be a warm-up end, any decay steps and an end, strictly increasing")
        }
        self.baseLearningRate = baseLearningRate
        self.supports = supports
    }

    /// The HyperRule's supports (100, 200, 300, 400 of 500) scaled to a run of `steps` steps.
    public static func scaledSupports(steps: Int) -> [Int] {
        let fractions = [0.2, 0.4, 0.6, 0.8]
        var supports = fractions.map { Int((Double(steps) * $0).rounded()) } + [steps]
        for index in supports.indices.dropFirst() { supports[index] = max(supports[index], supports[index - 1] + 1) }
        return supports
    }

    /// The warm-up end, the decay steps and the end of training for a dataset size.
    public static func supports(datasetSize: Int) -> [Int] {
        if datasetSize < 20_000 { return [100, 200, 300, 400, 500] }
        if datasetSize < 500_000 { return [500, 3000, 6000, 9000, 10_000] }
        return [500, 6000, 12_000, 18_000, 20_000]
    }

    /// The rule's resolution for images of `width` x `height` pixels: resize to 160 and crop 128
    /// below 96 x 96 pixels of area, else resize to 512 and crop 480 (`get_resolution`).
    public static func resolution(width: Int, height: Int) -> (resize: Int, crop: Int) {
        width * height < 96 * 96 ? (160, 128) : (512, 480)
    }

    /// The MixUp α the rule prescribes: 0 (off) below 20,000 images, 0.1 above.
    public static func mixUpAlpha(datasetSize: Int) -> Double {
        datasetSize < 20_000 ? 0 : 0.1
    }

    /// The number of optimizer steps the rule trains for (its last support).
    public var totalSteps: Int { supports[supports.count - 1] }

    /// The warm-up length in steps.
    public var warmUpSteps: Int { supports[0] }

    public func learningRate(at step: Int) -> Double {
        if step < warmUpSteps {
            return baseLearningRate * Double(max(step, 0)) / Double(warmUpSteps)
        }
        // Past the end the rule stops training; report the last decayed value rather than nothing.
        let decays = supports.dropFirst().dropLast().filter { $0 < step }.count
        var rate = baseLearningRate
        for _ in 0..<decays { rate /= 10 }
        return rate
    }
}
