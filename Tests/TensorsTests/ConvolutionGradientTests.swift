import Float64Reference
import Testing
import TestSupport
@testable import Tensors

/// The engine's float32 convolution backward pass against the float64 reference (itself
/// checked against finite differences in Float64ReferenceTests).
@Suite struct ConvolutionGradientTests {
    /// (input shape, kernel shape, stride, padding): odd sizes, stride 2, padding at every
    /// border, the root's 7x7/2 pad 3, pointwise and strided 1x1, batches that split into
    /// uneven parts.
    static let cases: [([Int], [Int], Int, Int)] = [
        ([2, 5, 7, 3], [3, 3, 3, 4], 2, 1),
        ([1, 9, 8, 2], [7, 7, 2, 3], 2, 3),
        ([5, 5, 3, 2], [3, 3, 2, 2], 1, 1),
        ([3, 3, 5, 4], [1, 1, 4, 3], 1, 0),
        ([6, 12, 12, 8], [1, 1, 8, 6], 1, 0),
        ([5, 5, 5, 3], [1, 1, 3, 4], 2, 0),
    ]

    static func geometry(_ x: [Int], _ w: [Int], _ stride: Int, _ padding: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(batch: x[0], inputHeight: x[1], inputWidth: x[2], inputChannels: x[3],
                            kernelHeight: w[0], kernelWidth: w[1], outputChannels: w[3],
                            stride: stride, padding: padding)
    }

    /// A per-sample, per-channel GroupNorm-like transform with ReLU.
    static func transform(samples: Int, channels: Int, seed: UInt64) -> ChannelTransform {
        let scale = FiniteDifferences.random(samples * channels, seed: seed).map { Float(1 + $0 / 2) }
        let shift = FiniteDifferences.random(samples * channels, seed: seed + 1).map { Float($0 / 3) }
        return ChannelTransform(channels: channels, scale: scale, shift: shift, relu: true)
    }

    /// t(x) in Double, as the reference sees the convolution's input.
    static func applied(_ t: ChannelTransform, to x: [Float], pixels: Int) -> [Double] {
        x.indices.map { i in
            let sample = i / (pixels * t.channels), c = i % t.channels
            let v = x[i] * t.scale[sample * t.channels + c] + t.shift[sample * t.channels + c]
            return Double(t.relu ? max(v, 0) : v)
        }
    }

    static func backward(x: [Float], w: [Float], dy: [Float], geometry g: ConvolutionGeometry,
                         transform: ChannelTransform?, accumulateOnto initial: [Float]? = nil)
        -> (input: [Float], kernel: [Float]) {
        var dw = [Float](repeating: .nan, count: w.count)
        var dx = initial ?? [Float](repeating: .nan, count: x.count)
        Convolution.backward(input: x, transform: transform, kernel: w, outputGradient: dy, geometry: g,
                             kernelGradient: &dw, inputGradient: &dx, accumulateInput: initial != nil,
                             scratch: ConvolutionScratch())
        return (dx, dw)
    }

    @Test(arguments: cases, [false, true])
    func gradientsMatchTheReference(_ sizes: ([Int], [Int], Int, Int), _ transformed: Bool) {
        let (inputShape, kernelShape, stride, padding) = sizes
        let g = Self.geometry(inputShape, kernelShape, stride, padding)
        let x = FiniteDifferences.random(inputShape.reduce(1, *), seed: 1).map { Float($0) }
        let w = FiniteDifferences.random(kernelShape.reduce(1, *), seed: 2).map { Float($0) }
        let dy = FiniteDifferences.random(g.outputCount, seed: 3).map { Float($0) }
        let t = transformed ? Self.transform(samples: g.batch, channels: g.inputChannels, seed: 4) : nil
        let input = t.map { Self.applied($0, to: x, pixels: g.inputHeight * g.inputWidth) } ?? x.map(Double.init)
        let expected = ReferenceConvolution.backward(outputGradient: dy.map(Double.init), input: input,
                                                     kernel: w.map(Double.init), geometry: g)
        let engine = Self.backward(x: x, w: w, dy: dy, geometry: g, transform: t)
        #expect(FiniteDifferences.relativeError(engine.kernel.map(Double.init), expected.kernel) < 1e-5)
        #expect(FiniteDifferences.relativeError(engine.input.map(Double.init), expected.input!) < 1e-5)
    }

    @Test(arguments: cases)
    func inputGradientsAccumulateWhenAsked(_ inputShape: [Int], _ kernelShape: [Int], _ stride: Int, _ padding: Int) {
        let g = Self.geometry(inputShape, kernelShape, stride, padding)
        let x = FiniteDifferences.random(inputShape.reduce(1, *), seed: 5).map { Float($0) }
        let w = FiniteDifferences.random(kernelShape.reduce(1, *), seed: 6).map { Float($0) }
        let dy = FiniteDifferences.random(g.outputCount, seed: 7).map { Float($0) }
        let initial = FiniteDifferences.random(x.count, seed: 8).map { Float($0) }
        let fresh = Self.backward(x: x, w: w, dy: dy, geometry: g, transform: nil)
        let added = Self.backward(x: x, w: w, dy: dy, geometry: g, transform: nil, accumulateOnto: initial)
        let expected = zip(fresh.input, initial).map { Double($0 + $1) }
        #expect(FiniteDifferences.relativeError(added.input.map(Double.init), expected) < 1e-6)
        #expect(added.kernel == fresh.kernel)
    }

    @Test func kernelGradientAloneWhenNoInputGradientIsAsked() {
        let g = Self.geometry([3, 6, 6, 3], [7, 7, 3, 4], 2, 3)
        let x = FiniteDifferences.random(3 * 36 * 3, seed: 9).map { Float($0) }
        let w = FiniteDifferences.random(7 * 7 * 12, seed: 10).map { Float($0) }
        let dy = FiniteDifferences.random(g.outputCount, seed: 11).map { Float($0) }
        var alone = [Float](repeating: .nan, count: w.count)
        Convolution.backward(input: x, kernel: w, outputGradient: dy, geometry: g, kernelGradient: &alone,
                             inputGradient: nil, scratch: ConvolutionScratch())
        #expect(alone == Self.backward(x: x, w: w, dy: dy, geometry: g, transform: nil).kernel)
    }

    /// Kernel gradients are summed in fixed parts in a fixed order: repeated runs give
    /// the same bits whatever the thread scheduling.
    @Test func kernelGradientsAreReproducible() {
        let g = Self.geometry([7, 10, 10, 16], [3, 3, 16, 32], 1, 1)
        let x = FiniteDifferences.random(7 * 100 * 16, seed: 12).map { Float($0) }
        let w = FiniteDifferences.random(9 * 16 * 32, seed: 13).map { Float($0) }
        let dy = FiniteDifferences.random(g.outputCount, seed: 14).map { Float($0) }
        let first = Self.backward(x: x, w: w, dy: dy, geometry: g, transform: nil)
        for _ in 0..<4 {
            let again = Self.backward(x: x, w: w, dy: dy, geometry: g, transform: nil)
            #expect(again.kernel == first.kernel && again.input == first.input)
        }
    }
}
