import Tensors

/// Opt-in per-operation timing of a model's passes: forward passes (with or without a
/// gradient) and backward passes (optimizer updates included), each by operation kind.
public final class PassTimer: @unchecked Sendable {
    public let forward = OperationTimer()
    public let backward = OperationTimer()

    /// Whether anything is recorded (default: no).
    public var isEnabled: Bool {
        get { forward.isEnabled }
        set {
            forward.isEnabled = newValue
            backward.isEnabled = newValue
        }
    }

    public func reset() {
        forward.reset()
        backward.reset()
    }
}
