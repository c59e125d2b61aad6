// Elementwise kernels on tensors of any shape.

/// Elementwise kernels on raw storage, split over the workers.
public enum Elementwise {
    /// `destination[i] += source[i]` for `count` elements.
    public static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
                           count: Int) {
        ComputeThreads.forEachSlice(of: count, minimumSlice: 1 << 16) { range in
            for i in range { destination[i] += source[i] }
        }
    }

    /// `values[i] = max(values[i], 0)` for `count` elements.
    public static func relu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        ComputeThreads.forEachSlice(of: count, minimumSlice: 1 << 16) { range in
            for i in range { values[i] = max(values[i], 0) }
        }
    }

    /// `values[i] = values[i]·scale + shift` for `count` elements.
    public static func affine(_ values: UnsafeMutablePointer<Float>, count: Int, scale: Float, shift: Float) {
        ComputeThreads.forEachSlice(of: count, minimumSlice: 1 << 16) { range in
            for i in range { values[i] = values[i] * scale + shift }
        }
    }
}

extension Tensor {
    /// max(x, 0) elementwise.
    public func relu() -> Tensor {
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { y in
            guard let base = y.baseAddress else { return }
            Elementwise.relu(base, count: y.count)
        }
        return result
    }

    /// x·scale + shift elementwise (e.g. scale 2, shift −1 maps [0, 1] to [−1, 1]).
    public func affine(scale: Float, shift: Float) -> Tensor {
        var result = self
        result.scalars.withUnsafeMutableBufferPointer { y in
            guard let base = y.baseAddress else { return }
            Elementwise.affine(base, count: y.count, scale: scale, shift: shift)
        }
        return result
    }

    /// Adds `other` (same shape) in place.
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        precondition(lhs.shape == rhs.shape, "adding \(rhs.shape) to \(lhs.shape)")
        rhs.scalars.withUnsafeBufferPointer { x in
            lhs.scalars.withUnsafeMutableBufferPointer { y in
                guard let source = x.baseAddress, let target = y.baseAddress else { return }
                Elementwise.add(source, into: target, count: y.count)
            }
        }
    }
}
