import Testing
import Tensors

@Suite struct ChannelTransformTests {
    @Test func inPlaceUsesEachSamplesOwnScaleAndShiftAcrossSlices() {
        // 3 samples x 700 pixels x 10 channels: the worker slices cut inside sample 1.
        let (samples, pixels, channels) = (3, 700, 10)
        let x = Reference.random([samples, pixels, channels], seed: 61)
        let scale = (0..<(samples * channels)).map { Float($0 % 7) - 2 }
        let shift = (0..<(samples * channels)).map { Float($0 % 3) * 0.5 }
        var expected = x.scalars
        for i in expected.indices {
            let row = i / channels, sample = row / pixels, c = i % channels
            expected[i] = max(x.scalars[i] * scale[sample * channels + c] + shift[sample * channels + c], 0)
        }
        let map = ChannelTransform(channels: channels, scale: scale, shift: shift, relu: true)
        var values = x.scalars
        values.withUnsafeMutableBufferPointer { map.applyInPlace($0.baseAddress!, pixels: pixels) }
        #expect(values == expected)
        #expect(map.samples == samples)
    }

    @Test func uniformAffineWithoutReLUKeepsNegatives() {
        let map = ChannelTransform.uniform(scale: 2, shift: -1, samples: 1, channels: 3)
        var values: [Float] = [0, 0.25, 1, 0.5, 0.75, 0.1]
        values.withUnsafeMutableBufferPointer { map.applyInPlace($0.baseAddress!, pixels: 2) }
        #expect(values == [-1, -0.5, 1, 0, 0.5, -0.8])
    }
}
