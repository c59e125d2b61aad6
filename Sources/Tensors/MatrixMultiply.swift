import CBLAS

// Shape legend: op(A) is [m, k], op(B) is [k, n], C is [m, n]; all row-major.

/// Single-precision matrix products on CBLAS.
public enum MatrixMultiply {
    /// C = A·B (or C += A·B when `accumulate`), on the calling thread.
    /// `lda`, `ldb`, `ldc` are the row strides (default: dense rows).
    /// With `transposeA`, A is stored as [k, m] and op(A) = Aᵀ (likewise B as [n, k]).
    public static func gemm(m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int? = nil, transposeA: Bool = false,
                            b: UnsafePointer<Float>, ldb: Int? = nil, transposeB: Bool = false,
                            c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
                            accumulate: Bool = false) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for row in 0..<m { (c + row * (ldc ?? n)).initialize(repeating: 0, count: n) } }
            return
        }
        BLASRuntime.prepare()
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1,
                    a, Int32(lda ?? (transposeA ? m : k)), b, Int32(ldb ?? (transposeB ? k : n)),
                    accumulate ? 1 : 0, c, Int32(ldc ?? n))
    }

    /// C = A·B (or C += A·B) with the rows of A and C split over the workers.
    public static func parallelGemm(m: Int, n: Int, k: Int,
                                    a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                    c: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        // Below ~32 rows per worker the split costs more than it saves.
        ComputeThreads.forEachSlice(of: m, minimumSlice: 32) { rows in
            gemm(m: rows.count, n: n, k: k, a: a + rows.lowerBound * k, b: b,
                 c: c + rows.lowerBound * n, accumulate: accumulate)
        }
    }
}

extension Tensor {
    /// The matrix product of two rank-2 tensors: [m, k] · [k, n] → [m, n].
    public func matmul(_ other: Tensor) -> Tensor {
        precondition(rank == 2 && other.rank == 2 && shape[1] == other.shape[0],
                     "matmul of \(shape) and \(other.shape)")
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        var result = Tensor(zeros: [m, n])
        guard m > 0, n > 0, k > 0 else { return result }
        scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                result.scalars.withUnsafeMutableBufferPointer { c in
                    MatrixMultiply.parallelGemm(m: m, n: n, k: k, a: a.baseAddress!,
                                                b: b.baseAddress!, c: c.baseAddress!)
                }
            }
        }
        return result
    }
}
