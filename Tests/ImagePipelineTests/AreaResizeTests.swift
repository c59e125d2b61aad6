import Testing
import ImagePipeline

@Suite struct AreaResizeTests {
    @Test func averagesCoveredFractions4To3() {
        // TensorFlow's own example: out[0] = (in0 + in1/3) * 3/4, out[1] = (in1*2/3 + in2*2/3) * 3/4,
        // out[2] = (in2/3 + in3) * 3/4.
        let image = TestImages.rgb(width: 4, height: 1) { x, _ in (UInt8(30 * x), 0, 255) }
        let out = ResizeMethod.area.resize(image, width: 3, height: 1)
        let expected: [Float] = [7.5, 45, 82.5]
        for x in 0..<3 {
            #expect(abs(out[0, x, 0] - expected[x]) < 1e-4)
            #expect(out[0, x, 1] == 0)
            #expect(abs(out[0, x, 2] - 255) < 1e-3)
        }
    }

    @Test func averagesABlock2x2To1x1() {
        let image = TestImages.rgb(width: 2, height: 2) { x, y in ([[0, 100], [200, 50]][y][x], 10, 20) }
        let out = ResizeMethod.area.resize(image, width: 1, height: 1)
        #expect(out.values == [87.5, 10, 20])
    }

    @Test func upsamplingReplicatesPixels() {
        // Each output cell lies inside one source cell, so it takes that cell's value.
        let image = TestImages.rgb(width: 2, height: 1) { x, _ in (x == 0 ? 10 : 90, 0, 0) }
        let out = ResizeMethod.area.resize(image, width: 4, height: 2)
        #expect((0..<2).allSatisfy { y in (0..<4).map { out[y, $0, 0] } == [10, 10, 90, 90] })
    }
}
