import Testing
@testable import Tensors

@Suite struct ConvolutionTests {
    /// (input shape, kernel shape, stride, padding): odd sizes, stride 2, borders,
    /// channel counts that are not multiples of the SIMD width.
    static let cases: [([Int], [Int], Int, Int)] = [
        ([2, 5, 7, 3], [1, 1, 3, 5], 1, 0),    // pointwise: one GEMM
        ([2, 7, 5, 6], [1, 1, 6, 9], 2, 0),    // strided 1x1: gather, then GEMM
        ([1, 9, 9, 5], [3, 3, 5, 7], 1, 1),    // 3x3, padding at every border
        ([3, 8, 7, 4], [3, 3, 4, 3], 2, 1),    // 3x3 stride 2, odd width
        ([2, 11, 13, 3], [7, 7, 3, 4], 2, 3),  // the root's 7x7/2 pad 3
        ([1, 4, 4, 2], [5, 5, 2, 3], 1, 2),    // kernel larger than the valid region
        ([1, 6, 6, 1], [2, 2, 1, 1], 3, 0),    // even kernel, stride larger than kernel
    ]

    @Test(arguments: cases)
    func matchesDirectConvolution(_ inputShape: [Int], _ kernelShape: [Int], _ stride: Int, _ padding: Int) {
        let x = Reference.random(inputShape, seed: 11)
        let w = Reference.random(kernelShape, seed: 12)
        let expected = Reference.convolution(x, w, stride: stride, padding: padding)
        let actual = x.convolved(with: w, stride: stride, padding: padding)
        #expect(actual.shape == expected.shape)
        #expect(Reference.relativeError(actual, expected) < 1e-5)
    }

    @Test func fewRowsSplitByColumnsWithMomentsAndAccumulation() {
        // 2 x 5 x 5 = 50 output rows and 130 output channels: the workers share the patches
        // and take column slices (the last one with the 2 left-over columns).
        let x = Reference.random([2, 5, 5, 8], seed: 13), w = Reference.random([3, 3, 8, 130], seed: 14)
        let residual = Reference.random([2, 5, 5, 130], seed: 15)
        var expected = Reference.convolution(x, w, stride: 1, padding: 1)
        expected += residual
        let g = ConvolutionGeometry(batch: 2, inputHeight: 5, inputWidth: 5, inputChannels: 8,
                                    kernelHeight: 3, kernelWidth: 3, outputChannels: 130, stride: 1, padding: 1)
        let moments = ChannelMoments(samples: 2, channels: 130)
        var output = residual.scalars
        x.scalars.withUnsafeBufferPointer { input in
            w.scalars.withUnsafeBufferPointer { kernel in
                Convolution.forward(input: input.baseAddress!, kernel: kernel.baseAddress!, output: &output,
                                    geometry: g, accumulate: true, moments: moments, scratch: ConvolutionScratch())
            }
        }
        #expect(Reference.relativeError(Tensor(shape: expected.shape, scalars: output), expected) < 1e-5)
        let reference = expected.scalars.withUnsafeBufferPointer {
            ChannelMoments.of($0.baseAddress!, samples: 2, pixels: 25, channels: 130)
        }
        #expect(moments.counts == [Int](repeating: 25, count: 260))
        #expect(zip(moments.means, reference.means).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func manyTilesAcrossSampleBoundaries() {
        // 3 samples x 20x20 = 1200 output rows with K = 1: several tiles of 256+ rows.
        let x = Reference.random([3, 20, 20, 1], seed: 3)
        let w = Reference.random([3, 3, 1, 2], seed: 4)
        let actual = x.convolved(with: w, stride: 1, padding: 1)
        #expect(Reference.relativeError(actual, Reference.convolution(x, w, stride: 1, padding: 1)) < 1e-5)
    }

    @Test func transformIsAppliedToPixelsButNotToPadding() {
        // conv(relu(2x - 1)) with the transform fused must equal transforming first:
        // padding stays zero, as after an explicit pad of the transformed input.
        let x = Reference.random([2, 5, 6, 3], seed: 5)
        let w = Reference.random([3, 3, 3, 4], seed: 6)
        let expected = Reference.convolution(x.affine(scale: 2, shift: -1).relu(), w, stride: 2, padding: 1)
        let g = ConvolutionGeometry(batch: 2, inputHeight: 5, inputWidth: 6, inputChannels: 3,
                                    kernelHeight: 3, kernelWidth: 3, outputChannels: 4, stride: 2, padding: 1)
        let map = ChannelTransform.uniform(scale: 2, shift: -1, samples: 2, channels: 3, relu: true)
        var output = [Float](repeating: 0, count: g.outputCount)
        x.scalars.withUnsafeBufferPointer { input in
            w.scalars.withUnsafeBufferPointer { kernel in
                Convolution.forward(input: input.baseAddress!, kernel: kernel.baseAddress!,
                                    output: &output, geometry: g, transform: map, scratch: ConvolutionScratch())
            }
        }
        #expect(Reference.relativeError(Tensor(shape: expected.shape, scalars: output), expected) < 1e-5)
    }

    @Test func accumulateAddsToTheOutput() {
        let x = Reference.random([1, 4, 4, 8], seed: 7)
        let w = Reference.random([1, 1, 8, 5], seed: 8)
        let residual = Reference.random([1, 4, 4, 5], seed: 9)
        let g = ConvolutionGeometry(batch: 1, inputHeight: 4, inputWidth: 4, inputChannels: 8,
                                    kernelHeight: 1, kernelWidth: 1, outputChannels: 5)
        var output = residual.scalars
        x.scalars.withUnsafeBufferPointer { input in
            w.scalars.withUnsafeBufferPointer { kernel in
                Convolution.forward(input: input.baseAddress!, kernel: kernel.baseAddress!, output: &output,
                                    geometry: g, accumulate: true, scratch: ConvolutionScratch())
            }
        }
        var expected = Reference.convolution(x, w, stride: 1, padding: 0)
        expected += residual
        #expect(Reference.relativeError(Tensor(shape: [1, 4, 4, 5], scalars: output), expected) < 1e-5)
    }

    @Test func geometryCountsOutputsAndMultiplyAdds() {
        // R50's root at 224: 112x112 outputs, 118 M multiply-adds per image.
        let g = ConvolutionGeometry(batch: 1, inputHeight: 224, inputWidth: 224, inputChannels: 3,
                                    kernelHeight: 7, kernelWidth: 7, outputChannels: 64, stride: 2, padding: 3)
        #expect(g.outputHeight == 112 && g.outputWidth == 112)
        #expect(g.multiplyAdds == 112 * 112 * 147 * 64)
        #expect(g.isValid)
    }

    @Test func tilesAreEqualAndCoverEveryRow() {
        for (rows, k) in [(50_176, 576), (784, 4608), (10, 3), (1, 147)] {
            let height = Convolution.tileHeight(rows: rows, patchLength: k, outputChannels: 64, workers: 2)
            let tiles = (rows + height - 1) / height
            #expect(tiles * height >= rows && (tiles - 1) * height < rows)
        }
    }
}
