import Imaging

/// The figures' own colours: text, axes and grid.
extension Color {
    /// Black or white, whichever contrasts more with this colour as a background
    /// (WCAG contrast ratio; the crossover is at a luminance of about 0.18).
    public var contrastingText: Color {
        let luminance = relativeLuminance
        let againstBlack = (luminance + 0.05) / 0.05
        let againstWhite = 1.05 / (luminance + 0.05)
        return againstBlack >= againstWhite ? .textBlack : .white
    }

    /// Near-black for text: softer than pure black, still a contrast ratio above 15:1 on white.
    public static let textBlack = Color(hex: 0x222222)
    /// Axis spines and tick marks.
    public static let axisGray = Color(hex: 0x555555)
    /// Grid lines: visible, but quieter than the data.
    public static let gridGray = Color(hex: 0xE3E3E3)
    /// Secondary text (tick labels).
    public static let mutedText = Color(hex: 0x444444)
}
