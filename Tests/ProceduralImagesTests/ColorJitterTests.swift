import ProceduralImages
import Tensors
import Testing

/// The drawing extension of `Color` (its construction, mixing and shading: ImagingTests).
@Suite struct ColorJitterTests {
    @Test func jitterStaysWithinTheAmountAndTheUnitRange() {
        var random = SeededGenerator(seed: 3)
        let base = Color(0.02, 0.5, 0.99)
        for _ in 0..<500 {
            let moved = base.jittered(0.05, using: &random)
            for (a, b) in [(moved.red, base.red), (moved.green, base.green), (moved.blue, base.blue)] {
                #expect(abs(a - b) <= 0.05 + 1e-12)
                #expect((0...1).contains(a))
            }
            #expect(moved.alpha == 1)
        }
    }
}
