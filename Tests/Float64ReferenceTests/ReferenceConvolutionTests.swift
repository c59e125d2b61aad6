import Testing
import TestSupport
@testable import Float64Reference
import Tensors

@Suite struct ReferenceConvolutionTests {
    /// (input shape, kernel shape, stride, padding): odd sizes, stride 2, padding at
    /// every border, the root's 7x7/2 pad 3, and the pointwise fast path.
    static let cases: [([Int], [Int], Int, Int)] = [
        ([2, 5, 7, 3], [3, 3, 3, 4], 2, 1),
        ([1, 7, 5, 2], [7, 7, 2, 3], 2, 3),
        ([2, 5, 3, 2], [3, 3, 2, 2], 1, 1),
        ([2, 3, 5, 4], [1, 1, 4, 3], 1, 0),
        ([2, 5, 5, 3], [1, 1, 3, 4], 2, 0),
    ]

    static func geometry(_ x: [Int], _ w: [Int], _ stride: Int, _ padding: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(batch: x[0], inputHeight: x[1], inputWidth: x[2], inputChannels: x[3],
                            kernelHeight: w[0], kernelWidth: w[1], outputChannels: w[3],
                            stride: stride, padding: padding)
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ inputShape: [Int], _ kernelShape: [Int], _ stride: Int, _ padding: Int) {
        let g = Self.geometry(inputShape, kernelShape, stride, padding)
        let x = FiniteDifferences.random(inputShape.reduce(1, *), seed: 1)
        let w = FiniteDifferences.random(kernelShape.reduce(1, *), seed: 2)
        let r = FiniteDifferences.random(g.outputCount, seed: 3)
        let analytic = ReferenceConvolution.backward(outputGradient: r, input: x, kernel: w, geometry: g)
        let numericInput = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceConvolution.forward(
            input: $0, kernel: w, geometry: g)) }, at: x)
        let numericKernel = FiniteDifferences.gradient(of: { FiniteDifferences.dot(r, ReferenceConvolution.forward(
            input: x, kernel: $0, geometry: g)) }, at: w)
        #expect(FiniteDifferences.relativeError(analytic.input!, numericInput) < 1e-7)
        #expect(FiniteDifferences.relativeError(analytic.kernel, numericKernel) < 1e-7)
    }

    @Test(arguments: cases)
    func forwardMatchesTheInferenceConvolution(_ inputShape: [Int], _ kernelShape: [Int], _ stride: Int, _ padding: Int) {
        let g = Self.geometry(inputShape, kernelShape, stride, padding)
        let x = FiniteDifferences.random(inputShape.reduce(1, *), seed: 4).map { Float($0) }
        let w = FiniteDifferences.random(kernelShape.reduce(1, *), seed: 5).map { Float($0) }
        let trained = ReferenceConvolution.forward(input: x, kernel: w, geometry: g)
        let inference = Tensor(shape: inputShape, scalars: x)
            .convolved(with: Tensor(shape: kernelShape, scalars: w), stride: stride, padding: padding)
        #expect(trained.count == inference.count)
        #expect(FiniteDifferences.relativeError(trained.map(Double.init), inference.scalars.map(Double.init)) < 1e-6)
    }

    @Test func skipsTheInputGradientWhenNotAsked() {
        let g = Self.geometry([1, 4, 4, 2], [3, 3, 2, 2], 2, 1)
        let x = FiniteDifferences.random(32, seed: 6), w = FiniteDifferences.random(36, seed: 7)
        let r = FiniteDifferences.random(g.outputCount, seed: 8)
        let full = ReferenceConvolution.backward(outputGradient: r, input: x, kernel: w, geometry: g)
        let kernelOnly = ReferenceConvolution.backward(outputGradient: r, input: x, kernel: w, geometry: g,
                                                       inputGradient: false)
        #expect(kernelOnly.input == nil)
        #expect(FiniteDifferences.relativeError(kernelOnly.kernel, full.kernel) < 1e-15)
    }

    @Test func floatGradientsAgreeWithDouble() {
        let g = Self.geometry([2, 6, 5, 3], [3, 3, 3, 4], 2, 1)
        let x = FiniteDifferences.random(180, seed: 9), w = FiniteDifferences.random(108, seed: 10)
        let r = FiniteDifferences.random(g.outputCount, seed: 11)
        let exact = ReferenceConvolution.backward(outputGradient: r, input: x, kernel: w, geometry: g)
        let single = ReferenceConvolution.backward(outputGradient: r.map { Float($0) }, input: x.map { Float($0) },
                                                   kernel: w.map { Float($0) }, geometry: g)
        #expect(FiniteDifferences.relativeError(single.input!.map(Double.init), exact.input!) < 1e-5)
        #expect(FiniteDifferences.relativeError(single.kernel.map(Double.init), exact.kernel) < 1e-5)
    }

    @Test func kernelGradientsAreReproducibleBitForBit() {
        // Summed in fixed parts whatever the scheduling: training runs repeat exactly.
        for geometry in [Self.geometry([16, 9, 9, 8], [3, 3, 8, 8], 2, 1), Self.geometry([16, 9, 9, 8], [1, 1, 8, 8], 1, 0)] {
            var random = SeededGenerator(seed: 9)
            let input = (0..<(16 * 81 * 8)).map { _ in random.nextFloat() - 0.5 }
            let kernel = (0..<geometry.patchLength * 8).map { _ in random.nextFloat() - 0.5 }
            let gradient = (0..<geometry.outputCount).map { _ in random.nextFloat() - 0.5 }
            let first = ReferenceConvolution.backward(outputGradient: gradient, input: input, kernel: kernel,
                                                      geometry: geometry)
            for _ in 0..<5 {
                let again = ReferenceConvolution.backward(outputGradient: gradient, input: input, kernel: kernel,
                                                          geometry: geometry)
                #expect(again.kernel == first.kernel)
                #expect(again.input == first.input)
            }
        }
    }
}
