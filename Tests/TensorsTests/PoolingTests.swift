import Testing
@testable import Tensors

@Suite struct PoolingTests {
    /// Max pooling by the definition over an explicitly padded input.
    static func referenceMaxPool(_ x: Tensor, window: Int, stride: Int) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let oh = (h - window) / stride + 1, ow = (w - window) / stride + 1
        var out = [Float](repeating: -.infinity, count: n * oh * ow * c)
        for b in 0..<n { for y in 0..<oh { for xx in 0..<ow { for ch in 0..<c {
            for dy in 0..<window { for dx in 0..<window {
                let v = x.scalars[((b * h + y * stride + dy) * w + xx * stride + dx) * c + ch]
                let i = ((b * oh + y) * ow + xx) * c + ch
                out[i] = max(out[i], v)
            } }
        } } } }
        return Tensor(shape: [n, oh, ow, c], scalars: out)
    }

    @Test func zeroPaddingSurroundsTheImage() {
        let x = Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let padded = x.zeroPadded(1)
        #expect(padded.shape == [1, 3, 4, 2])
        #expect(padded.scalars == [0, 0, 0, 0, 0, 0, 0, 0,
                                   0, 0, 1, 2, 3, 4, 0, 0,
                                   0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test(arguments: [([2, 9, 9, 5], 1), ([1, 8, 7, 3], 1), ([1, 6, 6, 17], 0), ([2, 5, 4, 1], 2)])
    func paddedPoolEqualsPoolOfZeroPadded(_ shape: [Int], _ padding: Int) {
        // All-negative inputs: a pool with implicit −∞ padding would differ at every border.
        let x = Reference.random(shape, seed: 31).affine(scale: 0.5, shift: -0.6)
        let expected = Self.referenceMaxPool(x.zeroPadded(padding), window: 3, stride: 2)
        let actual = x.maxPooled(window: 3, stride: 2, padding: padding)
        #expect(actual == expected)
        if padding > 0 { #expect(actual.scalars.contains(0)) }
    }

    @Test func globalAverageIsThePixelMean() {
        let x = Tensor(shape: [2, 1, 3, 2], scalars: [1, 10, 2, 20, 3, 30, -1, 0, -2, 0, -6, 3])
        #expect(x.globalAveragePooled() == Tensor(shape: [2, 2], scalars: [2, 20, -3, 1]))
    }

    @Test func globalAverageAppliesTheTransform() {
        let x = Reference.random([2, 3, 3, 32], seed: 33)
        let gamma = [Float](repeating: 1.5, count: 32), beta = [Float](repeating: 0.1, count: 32)
        let expected = Reference.groupNorm(x, groups: 32, gamma: gamma, beta: beta, relu: true).globalAveragePooled()
        var output = [Float](repeating: 0, count: 64)
        x.scalars.withUnsafeBufferPointer { input in
            let map = GroupNorm.transform(of: input.baseAddress!, samples: 2, pixels: 9, channels: 32,
                                          gamma: gamma, beta: beta, relu: true)
            Pooling.globalAverage(input: input.baseAddress!, samples: 2, pixels: 9, channels: 32,
                                  transform: map, output: &output)
        }
        #expect(Reference.relativeError(Tensor(shape: [2, 32], scalars: output), expected) < 2e-6)
    }
}
