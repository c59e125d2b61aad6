import Imaging
import Tensors

extension Color {
    /// This colour with each component moved by up to `amount`, so no two petals match exactly.
    public func jittered(_ amount: Double, using random: inout SeededGenerator) -> Color {
        func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
        return Color(clamp(red + random.uniform(-amount, amount)),
                     clamp(green + random.uniform(-amount, amount)),
                     clamp(blue + random.uniform(-amount, amount)))
    }
}
