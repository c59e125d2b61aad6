import Tensors
import Testing
@testable import SyntheticShapes

@Suite struct ColorTests {
    @Test func hueSaturationValueGivesTheKnownPrimaries() {
        let red = Color(hue: 0, saturation: 1, value: 1), green = Color(hue: 120, saturation: 1, value: 1)
        let grey = Color(hue: 300, saturation: 0, value: 0.5)
        #expect((red.red, red.green, red.blue) == (1, 0, 0))
        #expect((green.red, green.green, green.blue) == (0, 1, 0))
        #expect((grey.red, grey.green, grey.blue) == (0.5, 0.5, 0.5))
        #expect(abs(Color.white.luma - 1) < 1e-12)
    }

    @Test func contrastingColoursStandOutFromAnyBackground() {
        var random = SeededGenerator(seed: 42)
        var weakest = 1.0
        for _ in 0..<2000 {
            let background = Color.any(using: &random)
            let figure = Color.contrasting(with: background, using: &random)
            weakest = min(weakest, abs(figure.luma - background.luma))
            #expect([figure.red, figure.green, figure.blue].allSatisfy { (0...1).contains($0) })
        }
        // The margin asked for is 0.28, kept even where a hue cannot reach the brightness (grey then).
        #expect(weakest >= 0.28 - 1e-9, "weakest luma contrast \(weakest)")
    }
}
