/// A learning rate as a function of the optimizer step.
///
/// Step numbering follows Keras: the optimizer evaluates its schedule at
/// `optimizer.iterations`, a counter that is 0 during the first update and is
/// incremented after each one. So the first training batch uses step 0, and
/// step `s` is the (s+1)-th batch.
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for the update at `step` (0 for the first batch).
    func learningRate(at step: Int) -> Double
}

/// A constant learning rate.
public struct ConstantSchedule: LearningRateSchedule {
    /// The learning rate at every step.
    public let value: Double

    public init(_ value: Double) { self.value = value }

    public func learningRate(at step: Int) -> Double { value }
}

/// TensorFlow's `PiecewiseConstantDecay`: `values[0]` while `step <= boundaries[0]`,
/// `values[i]` while `boundaries[i-1] < step <= boundaries[i]`, and `values.last` after
/// the last boundary. So the value changes on the step *after* the one equal to a boundary.
///
/// The lesson: boundaries [200, 300, 400], values lr · [1, 0.1, 0.01, 0.001] with
/// lr = 0.003 · 64 / 512; batches 1-201 (steps 0-200) use the first value.
public struct PiecewiseConstantSchedule: LearningRateSchedule {
    /// The increasing step boundaries.
    public let boundaries: [Int]
    /// One more value than boundaries.
    public let values: [Double]

    /// A schedule; throws unless `values.count == boundaries.count + 1` and the boundaries increase.
    public init(boundaries: [Int], values: [Double]) throws {
        guard values.count == boundaries.count + 1 else {
            throw TrainingError.invalidConfiguration(
                "piecewise schedule needs one more value than boundaries (got \(values.count) values, \(boundaries.count) boundaries)")
        }
        guard zip(boundaries, boundaries.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw TrainingError.invalidConfiguration("piecewise schedule boundaries \(boundaries) must strictly increase")
        }
        self.boundaries = boundaries
        self.values = values
    }

    /// The lesson's schedule: `base` decayed ten-fold after each boundary.
    public static func tenfoldDecay(base: Double, boundaries: [Int]) throws -> PiecewiseConstantSchedule {
        var values = [base]
        for _ in boundaries { values.append(values[values.count - 1] * 0.1) }
        return try PiecewiseConstantSchedule(boundaries: boundaries, values: values)
    }

    public func learningRate(at step: Int) -> Double {
        // The first boundary that the step has not passed selects the value.
        let index = boundaries.firstIndex { step <= $0 } ?? boundaries.count
        return values[index]
    }
}
