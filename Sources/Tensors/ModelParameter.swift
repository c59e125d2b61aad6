// Shape legend: a parameter tensor of any shape; value and gradient alike.

/// What a parameter tensor is in a network: it decides how the parameter starts and
/// whether weight decay applies to it. Layouts (BiT's checkpoint keys) name each
/// parameter's role, so nothing is read back from a key's spelling.
public enum ParameterRole: String, Codable, Sendable, CaseIterable {
    /// A convolution kernel (HWIO).
    case kernel
    /// A GroupNorm scale (gamma).
    case normScale
    /// A GroupNorm offset (beta).
    case normOffset
    /// The classifier head's kernel.
    case headKernel
    /// The classifier head's bias.
    case headBias

    /// Whether an L2 weight decay applies: to kernels (the convolutions' and the head's), not
    /// to GroupNorm parameters or biases, as BiT's upstream training decays them.
    public var isDecayed: Bool { self == .kernel || self == .headKernel }

    /// Whether it belongs to the classifier head (replaced when a network is transferred).
    public var isHead: Bool { self == .headKernel || self == .headBias }
}

/// One trained parameter tensor: its name (a checkpoint key), shape and role, its value and
/// the gradient that backward passes add to. Optimizer state (SGD's velocities) belongs to
/// the optimizer, not here.
///
/// Every change of the value bumps `version`, so a layer that keeps something derived from
/// it (a convolution's standardized kernel) knows when to derive it again.
public final class ModelParameter {
    public let key: String
    public let shape: [Int]
    public let role: ParameterRole
    public var value: [Float] {
        didSet { version &+= 1 }
    }
    /// Changes whenever `value` does (any assignment or in-place mutation).
    public private(set) var version = 0
    /// The gradient's storage, allocated by the first backward pass: a model that only
    /// infers never holds one.
    private var storedGradient: [Float]?

    public init(key: String, shape: [Int], role: ParameterRole, value: [Float]) {
        precondition(value.count == shape.reduce(1, *), "\(key): \(value.count) values for shape \(shape)")
        self.key = key
        self.shape = shape
        self.role = role
        self.value = value
    }

    public var count: Int { value.count }

    /// ∂L/∂value, summed over the backward passes since the last `zeroGradient` (zeros before
    /// the first).
    public var gradient: [Float] {
        get { storedGradient ?? [Float](repeating: 0, count: count) }
        set {
            precondition(newValue.count == count, "\(key): a gradient of \(newValue.count) values for \(count)")
            storedGradient = newValue
        }
    }

    public func zeroGradient() {
        storedGradient?.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Runs `body` with a pointer to the gradient, for kernels that add to it.
    public func withGradient<R>(_ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        if storedGradient == nil { storedGradient = [Float](repeating: 0, count: count) }
        return storedGradient!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
