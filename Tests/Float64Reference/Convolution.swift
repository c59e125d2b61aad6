import Tensors
// Shape legend: input x [N, H, W, Ci] (NHWC), kernel w [KH, KW, Ci, Co] (HWIO),
// output y [N, OH, OW, Co]; P = OH·OW output pixels per sample, K = KH·KW·Ci patch length.
// The im2col matrix of a sample is [P, K], its rows ordered like the kernel's (KH, KW, Ci).

/// 2-D convolution (symmetric zero padding, equal strides, no bias) for training:
/// the forward pass and the gradients of both its operands, via im2col and GEMM.
///
///   y = col(x) · w            (per sample)
///   ∂L/∂w = Σₙ col(xₙ)ᵀ · ∂L/∂yₙ
///   ∂L/∂x = col⁻¹(∂L/∂y · wᵀ)  (col⁻¹ adds each patch entry back to the pixel it came from)
public enum ReferenceConvolution {
    /// y = conv(x, w).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func forward<T: ReferenceScalar>(input: [T], kernel: [T], geometry g: ConvolutionGeometry) -> [T] {
        check(input: input, kernel: kernel, geometry: g)
        let k = g.patchLength, n = g.outputChannels, perSample = g.outputHeight * g.outputWidth
        var output = [T](repeating: 0, count: g.outputCount)
        guard g.outputCount > 0 else { return output }
        input.withUnsafeBufferPointer { x in
            kernel.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { y in
                    let x = x.baseAddress!, w = w.baseAddress!, y = y.baseAddress!
                    if g.isPointwise {
                        ComputeThreads.forEachSlice(of: g.outputPixels, minimumSlice: 64) { rows in
                            T.gemm(transposeA: false, transposeB: false, m: rows.count, n: n, k: k,
                                   a: x + rows.lowerBound * k, lda: k, b: w, ldb: n,
                                   c: y + rows.lowerBound * n, ldc: n, accumulate: false)
                        }
                        return
                    }
                    let patches = PatchBuffers<T>(workers: ComputeThreads.count, count: perSample * k)
                    ComputeThreads.forEachTile(g.batch) { sample, worker in
                        let columns = patches.pointer(worker)
                        gather(sample: sample, from: x, geometry: g, into: columns)
                        T.gemm(transposeA: false, transposeB: false, m: perSample, n: n, k: k,
                               a: columns, lda: k, b: w, ldb: n, c: y + sample * perSample * n, ldc: n,
                               accumulate: false)
                    }
                }
            }
        }
        return output
    }

    /// The gradients of the loss with respect to the kernel and (when `inputGradient`)
    /// the input, from the gradient with respect to the output.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public static func backward<T: ReferenceScalar>(outputGradient: [T], input: [T], kernel: [T],
                                                     geometry g: ConvolutionGeometry,
                                                     inputGradient: Bool = true) -> (input: [T]?, kernel: [T]) {
        check(input: input, kernel: kernel, geometry: g)
        precondition(outputGradient.count == g.outputCount,
                     "output gradient of \(outputGradient.count) values for \(g.outputCount) outputs")
        let k = g.patchLength, n = g.outputChannels, perSample = g.outputHeight * g.outputWidth
        let workers = max(1, min(ComputeThreads.count, g.batch))
        // The kernel gradient is summed in a fixed number of parts, each over a fixed run of
        // samples (or rows), then the parts in order: no locks in the loop, and the same sums
        // in the same order whatever the thread count or scheduling, so that training is
        // reproducible bit for bit.
        let parts = max(1, min(Self.gradientParts, g.isPointwise ? g.outputPixels : g.batch))
        var partials = [T](repeating: 0, count: parts * k * n)
        var inputGrad = [T](repeating: 0, count: inputGradient ? input.count : 0)
        guard g.outputCount > 0 else { return (inputGradient ? inputGrad : nil, [T](repeating: 0, count: k * n)) }
        input.withUnsafeBufferPointer { x in
            kernel.withUnsafeBufferPointer { w in
                outputGradient.withUnsafeBufferPointer { dy in
                    partials.withUnsafeMutableBufferPointer { dw in
                        inputGrad.withUnsafeMutableBufferPointer { dx in
                            let x = x.baseAddress!, w = w.baseAddress!, dy = dy.baseAddress!, dw = dw.baseAddress!
                            // An empty array may still have a base address: ask the flag.
                            let dx = inputGradient ? dx.baseAddress : nil
                            if g.isPointwise {
                                pointwiseBackward(dy: dy, x: x, w: w, dx: dx, dw: dw, geometry: g, parts: parts,
                                                  workers: workers)
                                return
                            }
                            let patches = PatchBuffers<T>(workers: workers, count: 2 * perSample * k)
                            ComputeThreads.forEachTile(parts, workers: workers) { part, worker in
                                let columns = patches.pointer(worker), columnGrad = columns + perSample * k
                                for sample in g.batch * part / parts ..< g.batch * (part + 1) / parts {
                                    let dys = dy + sample * perSample * n
                                    gather(sample: sample, from: x, geometry: g, into: columns)
                                    T.gemm(transposeA: true, transposeB: false, m: k, n: n, k: perSample,
                                           a: columns, lda: k, b: dys, ldb: n, c: dw + part * k * n, ldc: n,
                                           accumulate: true)
                                    guard let dx else { continue }
                                    T.gemm(transposeA: false, transposeB: true, m: perSample, n: k, k: n,
                                           a: dys, lda: n, b: w, ldb: n, c: columnGrad, ldc: k, accumulate: false)
                                    scatter(sample: sample, from: columnGrad, geometry: g, into: dx)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (inputGradient ? inputGrad : nil, sumPartials(partials, parts: parts, count: k * n))
    }

    /// The number of kernel-gradient parts (see `backward`): enough for the cores of a laptop.
    static let gradientParts = 4

    /// 1x1 stride-1 without padding: the input is its own im2col matrix.
    private static func pointwiseBackward<T: ReferenceScalar>(dy: UnsafePointer<T>, x: UnsafePointer<T>,
                                                              w: UnsafePointer<T>, dx: UnsafeMutablePointer<T>?,
                                                              dw: UnsafeMutablePointer<T>, geometry g: ConvolutionGeometry,
                                                              parts: Int, workers: Int) {
        let rows = g.outputPixels, k = g.patchLength, n = g.outputChannels
        ComputeThreads.forEachTile(parts, workers: workers) { part, _ in
            let slice = rows * part / parts ..< rows * (part + 1) / parts
            guard !slice.isEmpty else { return }
            T.gemm(transposeA: true, transposeB: false, m: k, n: n, k: slice.count,
                   a: x + slice.lowerBound * k, lda: k, b: dy + slice.lowerBound * n, ldb: n,
                   c: dw + part * k * n, ldc: n, accumulate: true)
            guard let dx else { return }
            T.gemm(transposeA: false, transposeB: true, m: slice.count, n: k, k: n,
                   a: dy + slice.lowerBound * n, lda: n, b: w, ldb: n,
                   c: dx + slice.lowerBound * k, ldc: k, accumulate: false)
        }
    }

    private static func sumPartials<T: ReferenceScalar>(_ partials: [T], parts: Int, count: Int) -> [T] {
        guard parts > 1 else { return partials }
        var total = Array(partials[0..<count])
        for part in 1..<parts {
            let offset = part * count
            for i in 0..<count { total[i] += partials[offset + i] }
        }
        return total
    }

    private static func check<T>(input: [T], kernel: [T], geometry g: ConvolutionGeometry) {
        precondition(g.isValid, "convolution geometry \(g) has no output")
        precondition(input.count == g.batch * g.inputHeight * g.inputWidth * g.inputChannels,
                     "input of \(input.count) values for geometry \(g)")
        precondition(kernel.count == g.patchLength * g.outputChannels,
                     "kernel of \(kernel.count) values for geometry \(g)")
    }

    /// Fills the [P, K] im2col matrix of one sample; taps in the padding are zero.
    static func gather<T: ReferenceScalar>(sample: Int, from input: UnsafePointer<T>, geometry g: ConvolutionGeometry,
                                           into columns: UnsafeMutablePointer<T>) {
        visitTaps(geometry: g) { row, tapOffset, source, count in
            let destination = columns + row * g.patchLength + tapOffset
            if let source {
                destination.update(from: input + (sample * g.inputHeight * g.inputWidth) * g.inputChannels + source,
                                   count: count)
            } else {
                destination.initialize(repeating: 0, count: count)
            }
        }
    }

    /// Adds a [P, K] patch-gradient matrix back onto the pixels of one sample (padding taps are dropped).
    static func scatter<T: ReferenceScalar>(sample: Int, from columns: UnsafePointer<T>, geometry g: ConvolutionGeometry,
                                            into inputGradient: UnsafeMutablePointer<T>) {
        let base = inputGradient + (sample * g.inputHeight * g.inputWidth) * g.inputChannels
        visitTaps(geometry: g) { row, tapOffset, source, count in
            guard let source else { return }
            let from = columns + row * g.patchLength + tapOffset, to = base + source
            for i in 0..<count { to[i] += from[i] }
        }
    }

    /// Calls `body(row, offsetInRow, sourceOffset, count)` for each run of `count` patch
    /// entries of output pixel `row`: `sourceOffset` is where the run starts in the
    /// sample's NHWC input, or nil for a run of padding.
    @inline(__always)
    private static func visitTaps(geometry g: ConvolutionGeometry, _ body: (Int, Int, Int?, Int) -> Void) {
        let ci = g.inputChannels, run = g.kernelWidth * ci
        for y in 0..<g.outputHeight {
            for x in 0..<g.outputWidth {
                let row = y * g.outputWidth + x
                let left = x * g.stride - g.padding
                let firstTap = max(0, -left), endTap = max(firstTap, min(g.kernelWidth, g.inputWidth - left))
                for ky in 0..<g.kernelHeight {
                    let inputY = y * g.stride - g.padding + ky
                    guard inputY >= 0, inputY < g.inputHeight, firstTap < endTap else {
                        body(row, ky * run, nil, run)
                        continue
                    }
                    if firstTap > 0 { body(row, ky * run, nil, firstTap * ci) }
                    body(row, ky * run + firstTap * ci, (inputY * g.inputWidth + left + firstTap) * ci,
                         (endTap - firstTap) * ci)
                    if endTap < g.kernelWidth { body(row, ky * run + endTap * ci, nil, run - endTap * ci) }
                }
            }
        }
    }
}

/// One scratch buffer per worker for im2col matrices.
final class PatchBuffers<T: ReferenceScalar>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T>
    private let count: Int

    init(workers: Int, count: Int) {
        self.count = max(count, 1)
        storage = .allocate(capacity: workers * self.count)
    }

    func pointer(_ worker: Int) -> UnsafeMutablePointer<T> { storage + worker * count }

    deinit { storage.deallocate() }
}
