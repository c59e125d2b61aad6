// Shape legend: input x [N, H, W, Ci] (NHWC), kernel w [KH, KW, Ci, Co] (HWIO) read as
// [K, Co] with K = KH·KW·Ci, output y [N, OH, OW, Co]; OH = (H + 2·pad - KH) / stride + 1
// (likewise OW). col(x) is the [N·OH·OW, K] patch matrix (see Im2Col.swift).

/// 2-D convolution as GEMM over the whole batch, forward and backward:
///
///   y = col(t(x)) · w
///   ∂L/∂w = col(t(x))ᵀ · ∂L/∂y
///   ∂L/∂t(x) = col⁻¹(∂L/∂y · wᵀ)   (col⁻¹ adds each patch entry back onto its pixel)
///
/// where t is an optional per-channel transform (a GroupNorm + ReLU) applied to input
/// pixels as they are gathered. A 1x1 stride-1 convolution without transform multiplies
/// the input directly; every other one gathers one tile of output rows at a time into
/// a per-worker buffer, so the patch matrix of the whole batch never exists. BLAS runs
/// single-threaded inside each worker.
public enum Convolution {
    /// output = conv(transform(input), kernel), or output += … when `accumulate`
    /// (the residual add, folded into GEMM's beta). `transform`, when given, is applied
    /// to input pixels as they are gathered (padding stays zero, as after an explicit pad).
    /// `moments`, when given, receives the statistics of every finished output tile
    /// while it is still in cache (for the GroupNorm that reads this output next).
    public static func forward(input: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                               output: UnsafeMutablePointer<Float>, geometry g: ConvolutionGeometry,
                               transform: ChannelTransform? = nil, accumulate: Bool = false,
                               moments: ChannelMoments? = nil, scratch: ConvolutionScratch) {
        guard g.outputPixels > 0 else { return }
        let workers = ComputeThreads.count
        scratch.prepare(workers: workers)
        withTransformPointers(transform) { map in
            let operands = Operands(input: input, kernel: kernel, output: output, geometry: g, map: map,
                                    accumulate: accumulate, moments: moments)
            // Splitting rows makes every worker pack the whole kernel (K x N floats),
            // splitting columns makes every worker pack all patches (rows x K): the
            // smaller duplicate wins.
            if workers > 1, g.outputPixels < g.outputChannels, g.outputChannels >= 64 * workers {
                multiplySplittingColumns(operands, workers: workers, scratch: scratch)
            } else {
                multiplyInRowTiles(operands, workers: workers, scratch: scratch)
            }
        }
    }

    /// One convolution's pointers and options, passed between the strategies below.
    struct Operands {
        let input: UnsafePointer<Float>
        let kernel: UnsafePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let geometry: ConvolutionGeometry
        let map: TransformPointers?
        let accumulate: Bool
        let moments: ChannelMoments?

        /// Whether GEMM can read the input as it is.
        var readsInputDirectly: Bool { geometry.isPointwise && map == nil }
    }

    /// The usual strategy: tiles of output rows handed out to the workers; each gathers
    /// its tile's patches and multiplies them by the whole kernel.
    static func multiplyInRowTiles(_ o: Operands, workers: Int, scratch: ConvolutionScratch) {
        let g = o.geometry, rows = g.outputPixels, k = g.patchLength, n = g.outputChannels
        let tileRows = tileHeight(rows: rows, patchLength: k, outputChannels: n, workers: workers)
        let tiles = (rows + tileRows - 1) / tileRows
        ComputeThreads.forEachTile(tiles, workers: workers) { tile, worker in
            let first = tile * tileRows, count = min(tileRows, rows - first)
            var a = o.input + first * k
            if !o.readsInputDirectly {
                let patches = scratch.buffer(worker, count: tileRows * k)
                gather(rows: first ..< first + count, from: o.input, geometry: g, map: o.map, into: patches)
                a = UnsafePointer(patches)
            }
            MatrixMultiply.gemm(m: count, n: n, k: k, a: a, b: o.kernel, c: o.output + first * n,
                                accumulate: o.accumulate)
            if let moments = o.moments {
                addMoments(of: o.output, rows: first ..< first + count, columns: 0 ..< n, geometry: g, to: moments)
            }
        }
    }

    /// Fewer output rows than channels (deep layers at small batches): splitting rows
    /// would make every worker pack the whole kernel for a handful of rows, so the
    /// workers gather one shared patch matrix and each multiplies it by a slice of the
    /// kernel's columns.
    static func multiplySplittingColumns(_ o: Operands, workers: Int, scratch: ConvolutionScratch) {
        let g = o.geometry, rows = g.outputPixels, k = g.patchLength, n = g.outputChannels
        var a = o.input
        if !o.readsInputDirectly {
            let patches = scratch.buffer(0, count: rows * k)
            ComputeThreads.forEachSlice(of: rows) { slice in
                gather(rows: slice, from: o.input, geometry: g, map: o.map, into: patches + slice.lowerBound * k)
            }
            a = UnsafePointer(patches)
        }
        // Column slices in multiples of 16 floats (one AVX-512 register).
        let blocks = n / 16
        ComputeThreads.forEachTile(workers, workers: workers) { slice, _ in
            let first = blocks * slice / workers * 16
            let end = slice == workers - 1 ? n : blocks * (slice + 1) / workers * 16
            guard end > first else { return }
            MatrixMultiply.gemm(m: rows, n: end - first, k: k, a: a, lda: k, b: o.kernel + first, ldb: n,
                                c: o.output + first, ldc: n, accumulate: o.accumulate)
            if let moments = o.moments {
                addMoments(of: o.output, rows: 0 ..< rows, columns: first ..< end, geometry: g, to: moments)
            }
        }
    }

    /// Rows per tile: at most about 2 MiB of patches and 1 MiB of output, so that the
    /// patches stay in a 2 MiB L2 while BLAS packs them and the output is still cached
    /// when its statistics are taken; but at least 512 rows, because BLAS packs the
    /// whole kernel again for every call; and enough tiles that every worker gets some,
    /// in equal sizes.
    static func tileHeight(rows: Int, patchLength: Int, outputChannels: Int, workers: Int) -> Int {
        let target = max(512, min((1 << 19) / max(patchLength, 1), (1 << 18) / max(outputChannels, 1)))
        var tiles = max(1, (rows + target - 1) / target)
        tiles = (tiles + workers - 1) / workers * workers
        return max(1, (rows + tiles - 1) / tiles)
    }

    /// Adds the output block `rows` x `columns` to `moments`, cut at sample borders.
    static func addMoments(of output: UnsafePointer<Float>, rows: Range<Int>, columns: Range<Int>,
                           geometry g: ConvolutionGeometry, to moments: ChannelMoments) {
        let perSample = g.outputHeight * g.outputWidth
        var row = rows.lowerBound
        while row < rows.upperBound {
            let sample = row / perSample, end = min(rows.upperBound, (sample + 1) * perSample)
            moments.add(output + row * g.outputChannels + columns.lowerBound, pixels: end - row,
                        stride: g.outputChannels, sample: sample, lower: columns.lowerBound, count: columns.count)
            row = end
        }
    }

    /// Raw pointers to a transform's tables for the duration of `body`.
    struct TransformPointers {
        let scale: UnsafePointer<Float>
        let shift: UnsafePointer<Float>
        let relu: Bool
    }

    static func withTransformPointers<R>(_ transform: ChannelTransform?,
                                         _ body: (TransformPointers?) -> R) -> R {
        guard let transform else { return body(nil) }
        return transform.scale.withUnsafeBufferPointer { scale in
            transform.shift.withUnsafeBufferPointer { shift in
                body(TransformPointers(scale: scale.baseAddress!, shift: shift.baseAddress!,
                                       relu: transform.relu))
            }
        }
    }

    /// The number of parts the kernel gradient is summed in (see `backward`).
    static let gradientParts = 4

    /// Below this many output rows (deep layers, small batches), parts of the batch would
    /// make products too thin to run well: the backward pass splits columns instead.
    static let splitRowsBelow = 1024 * gradientParts

    /// The backward pass for few output rows: the patches of the whole batch are gathered
    /// once; the workers then take slices of the kernel gradient's columns (each a
    /// product over all rows, so no partial sums) and of the patch gradient's columns.
    static func backwardSplittingColumns(input: UnsafePointer<Float>, transform: ChannelTransform?,
                                         kernel: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>,
                                         geometry g: ConvolutionGeometry, kernelGradient: UnsafeMutablePointer<Float>,
                                         inputGradient: UnsafeMutablePointer<Float>?, accumulateInput: Bool,
                                         scratch: ConvolutionScratch) {
        let k = g.patchLength, n = g.outputChannels, rows = g.outputPixels
        let workers = ComputeThreads.count
        scratch.prepare(workers: max(workers, 1))
        withTransformPointers(transform) { map in
            let direct = g.isPointwise && map == nil
            let scatters = inputGradient != nil && !g.isPointwise
            let buffer = scratch.buffer(0, count: (direct ? 1 : rows * k) + (scatters ? rows * k : 0))
            var patches = input
            if !direct {
                ComputeThreads.forEachSlice(of: rows) { slice in
                    gather(rows: slice, from: input, geometry: g, map: map, into: buffer + slice.lowerBound * k)
                }
                patches = UnsafePointer(buffer)
            }
            // Column slices in multiples of 16 floats (one AVX-512 register).
            func slices(of columns: Int, _ body: (Range<Int>) -> Void) {
                let blocks = (columns + 15) / 16, count = max(1, min(workers, blocks))
                ComputeThreads.run(workers: count) { slice in
                    let lower = min(columns, blocks * slice / count * 16)
                    let upper = min(columns, blocks * (slice + 1) / count * 16)
                    if upper > lower { body(lower ..< upper) }
                }
            }
            slices(of: n) { columns in
                MatrixMultiply.gemm(m: k, n: columns.count, k: rows, a: patches, lda: k, transposeA: true,
                                    b: dy + columns.lowerBound, ldb: n, c: kernelGradient + columns.lowerBound, ldc: n)
            }
            guard let dx = inputGradient else { return }
            // ∂L/∂patches = dy·wᵀ, by slices of the K patch columns; a 1x1 stride-1 writes dx directly.
            let patchGradient = g.isPointwise ? dx : buffer + (direct ? 1 : rows * k)
            slices(of: k) { columns in
                MatrixMultiply.gemm(m: rows, n: columns.count, k: n, a: dy, lda: n, b: kernel + columns.lowerBound * n,
                                    ldb: n, transposeB: true, c: patchGradient + columns.lowerBound, ldc: k,
                                    accumulate: g.isPointwise && accumulateInput)
            }
            guard !g.isPointwise else { return }
            let perSample = g.outputHeight * g.outputWidth, inputPerSample = g.inputHeight * g.inputWidth * g.inputChannels
            ComputeThreads.forEachTile(g.batch) { sample, _ in
                if !accumulateInput {
                    (dx + sample * inputPerSample).initialize(repeating: 0, count: inputPerSample)
                }
                scatter(rows: sample * perSample ..< (sample + 1) * perSample,
                        from: patchGradient + sample * perSample * k, geometry: g, into: dx)
            }
        }
    }

    /// The gradients of `y = conv(t(input), kernel)` from `outputGradient` (∂L/∂y):
    /// `kernelGradient` ([K, Co]) is overwritten with ∂L/∂w; `inputGradient`, when given,
    /// receives ∂L/∂t(x) (the gradient with respect to the transformed input: the
    /// transform's own backward pass is its producer's business), overwriting it or, with
    /// `accumulateInput`, added to it.
    ///
    /// The batch is cut into a fixed number of parts (whole samples, so that the patch
    /// gradients of one sample are added back by one thread); each part sums its kernel
    /// gradient over its tiles in order, and the parts are added in order: the same sums
    /// in the same order whatever the thread scheduling, so training is reproducible.
    public static func backward(input: UnsafePointer<Float>, transform: ChannelTransform? = nil,
                                kernel: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                geometry g: ConvolutionGeometry, kernelGradient: UnsafeMutablePointer<Float>,
                                inputGradient: UnsafeMutablePointer<Float>?, accumulateInput: Bool = false,
                                scratch: ConvolutionScratch) {
        let k = g.patchLength, n = g.outputChannels, rows = g.outputPixels
        guard rows > 0 else {
            kernelGradient.initialize(repeating: 0, count: k * n)
            return
        }
        if rows < splitRowsBelow {
            return backwardSplittingColumns(input: input, transform: transform, kernel: kernel,
                                            outputGradient: outputGradient, geometry: g,
                                            kernelGradient: kernelGradient, inputGradient: inputGradient,
                                            accumulateInput: accumulateInput, scratch: scratch)
        }
        let pointwise = g.isPointwise
        let parts = max(1, min(gradientParts, pointwise ? rows / 64 : g.batch))
        let workers = max(1, min(ComputeThreads.count, parts))
        scratch.prepare(workers: workers)
        let partials = scratch.partials(count: (parts - 1) * k * n)
        let tileRows = tileHeight(rows: rows, patchLength: k, outputChannels: n, workers: workers)
        let perSample = g.outputHeight * g.outputWidth
        let inputPerSample = g.inputHeight * g.inputWidth * g.inputChannels
        withTransformPointers(transform) { map in
            let direct = pointwise && map == nil
            ComputeThreads.forEachTile(parts, workers: workers) { part, worker in
                let span = pointwise
                    ? rows * part / parts ..< rows * (part + 1) / parts
                    : g.batch * part / parts * perSample ..< g.batch * (part + 1) / parts * perSample
                let dw = part == 0 ? kernelGradient : partials + (part - 1) * k * n
                if let dx = inputGradient, !pointwise, !accumulateInput {
                    let firstSample = span.lowerBound / perSample, samples = span.count / perSample
                    (dx + firstSample * inputPerSample).initialize(repeating: 0, count: samples * inputPerSample)
                }
                // A direct 1x1 needs no tiles: one product over the part's rows.
                let step = direct ? max(span.count, 1) : tileRows
                let buffer = scratch.buffer(worker, count: direct ? 1 : (pointwise ? 1 : 2) * tileRows * k)
                var first = span.lowerBound
                if span.isEmpty { dw.initialize(repeating: 0, count: k * n) }
                while first < span.upperBound {
                    let count = min(step, span.upperBound - first)
                    var patches = input + first * k
                    if !direct {
                        gather(rows: first ..< first + count, from: input, geometry: g, map: map, into: buffer)
                        patches = UnsafePointer(buffer)
                    }
                    let dy = outputGradient + first * n
                    MatrixMultiply.gemm(m: k, n: n, k: count, a: patches, lda: k, transposeA: true, b: dy, ldb: n,
                                        c: dw, ldc: n, accumulate: first != span.lowerBound)
                    if let dx = inputGradient {
                        if pointwise {
                            MatrixMultiply.gemm(m: count, n: k, k: n, a: dy, lda: n, b: kernel, ldb: n,
                                                transposeB: true, c: dx + first * k, ldc: k,
                                                accumulate: accumulateInput)
                        } else {
                            let patchGradient = buffer + tileRows * k
                            MatrixMultiply.gemm(m: count, n: k, k: n, a: dy, lda: n, b: kernel, ldb: n,
                                                transposeB: true, c: patchGradient, ldc: k)
                            scatter(rows: first ..< first + count, from: patchGradient, geometry: g, into: dx)
                        }
                    }
                    first += count
                }
            }
        }
        guard parts > 1 else { return }
        ComputeThreads.forEachSlice(of: k * n, minimumSlice: 1 << 14) { range in
            for part in 1..<parts {
                let partial = partials + (part - 1) * k * n
                for i in range { kernelGradient[i] += partial[i] }
            }
        }
    }
}

extension Tensor {
    /// The convolution of this NHWC tensor with an HWIO `kernel`: symmetric zero
    /// `padding` on all four sides, the same `stride` along H and W, no bias.
    public func convolved(with kernel: Tensor, stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(rank == 4 && kernel.rank == 4 && kernel.shape[2] == shape[3],
                     "convolution of \(shape) with kernel \(kernel.shape)")
        let g = ConvolutionGeometry(batch: shape[0], inputHeight: shape[1], inputWidth: shape[2],
                                    inputChannels: shape[3], kernelHeight: kernel.shape[0],
                                    kernelWidth: kernel.shape[1], outputChannels: kernel.shape[3],
                                    stride: stride, padding: padding)
        precondition(g.isValid, "convolution geometry \(g) has no output")
        var result = Tensor(zeros: [g.batch, g.outputHeight, g.outputWidth, g.outputChannels])
        guard result.count > 0 else { return result }
        scalars.withUnsafeBufferPointer { x in
            kernel.scalars.withUnsafeBufferPointer { w in
                result.scalars.withUnsafeMutableBufferPointer { y in
                    Convolution.forward(input: x.baseAddress!, kernel: w.baseAddress!,
                                        output: y.baseAddress!, geometry: g, scratch: ConvolutionScratch())
                }
            }
        }
        return result
    }
}
