import ProceduralImages
import Tensors
import Testing

@Suite struct ColorTests {
    @Test func hueSaturationValueGivesTheKnownPrimaries() {
        let red = Color(hue: 0, saturation: 1, value: 1), green = Color(hue: 120, saturation: 1, value: 1)
        let grey = Color(hue: 300, saturation: 0, value: 0.5), wrapped = Color(hue: -120, saturation: 1, value: 1)
        #expect((red.red, red.green, red.blue) == (1, 0, 0))
        #expect((green.red, green.green, green.blue) == (0, 1, 0))
        #expect((grey.red, grey.green, grey.blue) == (0.5, 0.5, 0.5))
        #expect((wrapped.red, wrapped.green, wrapped.blue) == (0, 0, 1))
        #expect(abs(Color.white.luma - 1) < 1e-12)
        #expect(Color.black.luma == 0)
    }

    @Test func mixingAndShadingMoveTheComponents() {
        let mid = Color(0.2, 0.4, 0.8).mixed(with: .white, 0.5)
        #expect(abs(mid.red - 0.6) < 1e-12 && abs(mid.green - 0.7) < 1e-12 && abs(mid.blue - 0.9) < 1e-12)
        let light = Color(0.2, 0.4, 0.8).shaded(1.5)
        #expect(abs(light.red - 0.3) < 1e-12 && abs(light.green - 0.6) < 1e-12 && light.blue == 1)
    }

    @Test func jitterStaysWithinTheAmountAndTheUnitRange() {
        var random = SeededGenerator(seed: 3)
        let base = Color(0.02, 0.5, 0.99)
        for _ in 0..<500 {
            let moved = base.jittered(0.05, using: &random)
            for (a, b) in [(moved.red, base.red), (moved.green, base.green), (moved.blue, base.blue)] {
                #expect(abs(a - b) <= 0.05 + 1e-12)
                #expect((0...1).contains(a))
            }
        }
    }
}
