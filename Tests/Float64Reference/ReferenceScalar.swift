import Tensors
import CBLAS

// Shape legend: op(A) is [m, k], op(B) is [k, n], C is [m, n]; all row-major, where
// op(X) is X or its transpose.

/// The element types the training kernels run in: `Float` for training, `Double` for
/// gradient checks against finite differences (float32 rounding would swamp them).
///
/// The kernels are generic over this protocol and pre-specialized for both types
/// (`@_specialize`), so a caller in any module, optimized or not, runs specialized code.
public protocol ReferenceScalar: BinaryFloatingPoint, Sendable {
    /// C = op(A)·op(B), or C += op(A)·op(B) when `accumulate`, on the calling thread.
    /// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool)
}

extension Float: ReferenceScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return clear(c, rows: m, columns: n, stride: ldc, unless: accumulate) }
        BLASRuntime.prepare()
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                    accumulate ? 1 : 0, c, Int32(ldc))
    }
}

extension Double: ReferenceScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else { return clear(c, rows: m, columns: n, stride: ldc, unless: accumulate) }
        BLASRuntime.prepare()
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                    accumulate ? 1 : 0, c, Int32(ldc))
    }
}

/// An empty product (k = 0) is zero: BLAS is not asked, C is cleared unless accumulating.
private func clear<T: ReferenceScalar>(_ c: UnsafeMutablePointer<T>, rows: Int, columns: Int, stride: Int,
                                       unless accumulate: Bool) {
    guard !accumulate else { return }
    for row in 0..<rows { (c + row * stride).initialize(repeating: 0, count: columns) }
}

/// Elementwise helpers shared by the backward passes.
public enum ReferenceArithmetic {
    /// `target += source`, elementwise (gradients reaching one tensor along two paths).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func accumulate<T: ReferenceScalar>(_ source: [T], into target: inout [T]) {
        precondition(source.count == target.count, "adding \(source.count) values to \(target.count)")
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                for i in 0..<t.count { t[i] += s[i] }
            }
        }
    }

    /// Sets every value to zero, in place (gradients between batches).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func zero<T: ReferenceScalar>(_ values: inout [T]) {
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.update(repeating: 0, count: buffer.count)
        }
    }

    /// `values·scale + shift`, elementwise (BiT maps images from [0, 1] to [-1, 1]).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func affine<T: ReferenceScalar>(_ values: [T], scale: T, shift: T) -> [T] {
        values.map { $0 * scale + shift }
    }

    /// The values converted to another floating-point type.
    @_specialize(where T == Float, U == Double)
    @_specialize(where T == Double, U == Float)
    @_specialize(where T == Float, U == Float)
    @_specialize(where T == Double, U == Double)
    public static func converted<T: BinaryFloatingPoint, U: BinaryFloatingPoint>(_ values: [T],
                                                                                  to _: U.Type) -> [U] {
        values.map { U($0) }
    }
}
