import ProceduralImages
import Tensors
import Testing
@testable import SyntheticShapes

@Suite struct ContrastingColorTests {
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
