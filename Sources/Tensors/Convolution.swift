// Shape legend: input [N, H, W, Ci] (NHWC), kernel [KH, KW, Ci, Co] (HWIO),
// output [N, OH, OW, Co]; OH = (H + 2·pad - KH) / stride + 1 (likewise OW).

/// The sizes of one 2-D convolution: symmetric zero padding, equal strides.
public struct ConvolutionGeometry: Equatable, Sendable {
    public var batch: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var inputChannels: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var outputChannels: Int
    public var stride: Int
    public var padding: Int

    public init(batch: Int, inputHeight: Int, inputWidth: Int, inputChannels: Int,
                kernelHeight: Int, kernelWidth: Int, outputChannels: Int,
                stride: Int = 1, padding: Int = 0) {
        self.batch = batch
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputChannels = inputChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.outputChannels = outputChannels
        self.stride = stride
        self.padding = padding
    }

    public var outputHeight: Int { (inputHeight + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (inputWidth + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the GEMM: one per output pixel.
    public var outputPixels: Int { batch * outputHeight * outputWidth }
    /// Columns of the im2col matrix: one per kernel tap and input channel.
    public var patchLength: Int { kernelHeight * kernelWidth * inputChannels }
    /// Elements of the output.
    public var outputCount: Int { outputPixels * outputChannels }
    /// Multiply-adds of the convolution (padding taps included, as frameworks count them).
    public var multiplyAdds: Int { outputPixels * patchLength * outputChannels }

    /// Whether the input already is the GEMM's left matrix (1x1, stride 1, no padding).
    var isPointwise: Bool { kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0 }

    /// Whether the sizes describe a convolution with at least one output pixel.
    public var isValid: Bool {
        batch >= 0 && inputChannels > 0 && outputChannels > 0 && kernelHeight > 0 && kernelWidth > 0
            && stride > 0 && padding >= 0 && inputHeight + 2 * padding >= kernelHeight
            && inputWidth + 2 * padding >= kernelWidth
    }
}

/// Per-worker scratch memory for convolutions (im2col tiles), kept between calls.
public final class ConvolutionScratch: @unchecked Sendable {
    private var buffers: [FloatBuffer] = []

    public init() {}

    /// The largest tile any worker has needed, in elements.
    public var capacity: Int { buffers.map(\.capacity).reduce(0, +) }

    /// Makes sure there is one buffer per worker (call before going parallel).
    func prepare(workers: Int) {
        while buffers.count < workers { buffers.append(FloatBuffer()) }
    }

    func buffer(_ worker: Int, count: Int) -> UnsafeMutablePointer<Float> {
        buffers[worker].reserve(count)
        return buffers[worker].pointer
    }

    /// Gives the memory back.
    public func release() { buffers.removeAll() }
}

/// 2-D convolution as GEMM: a 1x1 stride-1 convolution without input transform
/// multiplies the input directly; every other one gathers (im2col, with the transform)
/// one tile of output rows at a time into a per-worker buffer, so the patch matrix of
/// the whole batch never exists. BLAS runs single-threaded inside each worker.
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

    /// Fills `rows.count` rows of patches (`patchLength` each, ordered KH, KW, Ci like
    /// the HWIO kernel's rows) for the output pixels `rows`.
    static func gather(rows: Range<Int>, from input: UnsafePointer<Float>, geometry g: ConvolutionGeometry,
                       map: TransformPointers?, into patches: UnsafeMutablePointer<Float>) {
        let ci = g.inputChannels, oh = g.outputHeight, ow = g.outputWidth
        let k = g.patchLength, run = g.kernelWidth * ci
        if g.isPointwise, let map {
            // The rows are the input's own pixels: transform whole runs within a sample.
            var row = rows.lowerBound
            while row < rows.upperBound {
                let sample = row / (oh * ow), end = min(rows.upperBound, (sample + 1) * oh * ow)
                ChannelTransform.apply(pixels: end - row, channels: ci, scale: map.scale + sample * ci,
                                       shift: map.shift + sample * ci, relu: map.relu, from: input + row * ci,
                                       to: patches + (row - rows.lowerBound) * ci)
                row = end
            }
            return
        }
        for row in rows {
            let sample = row / (oh * ow), y = row / ow % oh, x = row % ow
            let destination = patches + (row - rows.lowerBound) * k
            let left = x * g.stride - g.padding
            let firstTap = max(0, -left), endTap = min(g.kernelWidth, g.inputWidth - left)
            for ky in 0..<g.kernelHeight {
                let line = destination + ky * run
                let inputY = y * g.stride - g.padding + ky
                guard inputY >= 0, inputY < g.inputHeight, firstTap < endTap else {
                    line.initialize(repeating: 0, count: run)
                    continue
                }
                line.initialize(repeating: 0, count: firstTap * ci)
                let valid = (endTap - firstTap) * ci
                let source = input + ((sample * g.inputHeight + inputY) * g.inputWidth + left + firstTap) * ci
                if let map {
                    ChannelTransform.apply(pixels: endTap - firstTap, channels: ci,
                                           scale: map.scale + sample * ci, shift: map.shift + sample * ci,
                                           relu: map.relu, from: source, to: line + firstTap * ci)
                } else {
                    (line + firstTap * ci).update(from: source, count: valid)
                }
                (line + endTap * ci).initialize(repeating: 0, count: run - endTap * ci)
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
