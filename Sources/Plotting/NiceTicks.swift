import Foundation

/// Tick values on the 1-2-5 rule: steps of 1, 2 or 5 times a power of ten, the
/// axis extended outwards to whole steps (Heckbert, "Nice numbers for graph
/// labels", Graphics Gems, 1990; matplotlib's MaxNLocator uses the same steps).
public struct NiceTicks: Equatable, Sendable {
    /// The axis limits: whole multiples of `step` around the data.
    public let lower: Double
    public let upper: Double
    /// The distance between ticks.
    public let step: Double
    /// The tick values from `lower` to `upper`.
    public let values: [Double]
    /// Digits after the decimal point that tell every tick apart.
    public let decimals: Int

    /// Ticks covering `lower...upper` with at most `maxIntervals` steps.
    /// `integerSteps` keeps steps whole (for epochs and counts). Non-finite or
    /// reversed input is repaired: an empty range widens around its value, no data gives 0...1.
    public init(lower: Double, upper: Double, maxIntervals: Int = 8, integerSteps: Bool = false) {
        var (low, high) = Self.repairedRange(lower, upper)
        let intervals = Double(max(1, maxIntervals))
        var step = Self.niceStep(atLeast: (high - low) / intervals)
        if integerSteps { step = max(1, step.rounded(.up)) }
        if integerSteps {
            // Counted things start where the count starts (epoch 1, not 0): ticks from the first
            // whole number, every `step` after it.
            low = (low + 1e-9).rounded(.down)
            high = low + ((high - low) / step - 1e-9).rounded(.up) * step
        } else {
            // Guard against floating error putting the data a hair past a tick.
            low = (low / step + 1e-9).rounded(.down) * step
            high = (high / step - 1e-9).rounded(.up) * step
        }
        if high <= low { high = low + step }
        let count = Int(((high - low) / step).rounded()) + 1
        self.lower = low
        self.upper = high
        self.step = step
        self.values = (0..<count).map { Self.clean(low + Double($0) * step, step: step) }
        self.decimals = max(0, Int(-(log10(step) + 1e-9).rounded(.down)))
    }

    /// `value` written with `decimals` digits (minus sign as U+2212, as typeset charts use).
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value == 0 ? 0 : value)
        return text.hasPrefix("-") ? "\u{2212}" + text.dropFirst() : text
    }

    /// The labels of all ticks.
    public var labels: [String] { values.map(label) }

    /// The smallest step of 1, 2 or 5 times a power of ten that is at least `rough`.
    static func niceStep(atLeast rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * magnitude >= rough * (1 - 1e-12) {
            return factor * magnitude
        }
        return 10 * magnitude
    }

    /// A finite, ordered, non-empty range.
    private static func repairedRange(_ lower: Double, _ upper: Double) -> (Double, Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return (0, 1)
        case (true, false): return repairedRange(lower, lower)
        case (false, true): return repairedRange(upper, upper)
        case (true, true):
            // Beyond ±1e300 the span itself would overflow to infinity.
            let limit = 1e300
            let (low, high) = (max(-limit, min(lower, upper)), min(limit, max(lower, upper)))
            guard high - low <= max(abs(low), abs(high)) * 1e-12 || high == low else { return (low, high) }
            // A single value: widen by 10% of its size, or by 1 around zero.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            return (low - pad, high + pad)
        }
    }

    /// Rounds away binary noise (0.30000000000000004 -> 0.3) relative to the step.
    private static func clean(_ value: Double, step: Double) -> Double {
        let unit = step / 1000
        let cleaned = (value / unit).rounded() * unit
        return abs(cleaned) < unit ? 0 : cleaned
    }
}
