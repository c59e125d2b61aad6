import Tensors
// Shape legend: any shape; both operands and the output alike.

/// The residual add of a bottleneck unit: y = a + b. The gradient reaches both
/// operands unchanged (∂L/∂a = ∂L/∂b = ∂L/∂y); where one of them is itself the
/// unit's input, the caller adds it to the gradient arriving along the other path.
public enum ReferenceResidualAdd {
    /// a + b, elementwise.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(_ a: [T], _ b: [T]) -> [T] {
        var sum = a
        ReferenceArithmetic.accumulate(b, into: &sum)
        return sum
    }

    /// (∂L/∂a, ∂L/∂b) from ∂L/∂y.
    public static func backward<T: ReferenceScalar>(outputGradient: [T]) -> (first: [T], second: [T]) {
        (outputGradient, outputGradient)
    }
}
