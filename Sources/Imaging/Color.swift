import Foundation

/// An sRGB colour with alpha, components in 0...1.
public struct Color: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255,
                  alpha: alpha)
    }

    /// The same colour with another alpha.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// The 8-bit red, green and blue channels (rounded).
    public var rgbBytes: (UInt8, UInt8, UInt8) {
        func byte(_ value: Double) -> UInt8 { UInt8(max(0, min(255, (value * 255).rounded()))) }
        return (byte(red), byte(green), byte(blue))
    }

    /// Relative luminance (WCAG 2.x): sRGB channels linearised, weighted 0.2126/0.7152/0.0722.
    public var relativeLuminance: Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever contrasts more with this colour as a background
    /// (WCAG contrast ratio; the crossover is at a luminance of about 0.18).
    public var contrastingText: Color {
        let luminance = relativeLuminance
        let againstBlack = (luminance + 0.05) / 0.05
        let againstWhite = 1.05 / (luminance + 0.05)
        return againstBlack >= againstWhite ? .textBlack : .white
    }

    /// The colour `fraction` of the way from `self` to `other` (per channel, in sRGB).
    public func mixed(with other: Color, fraction: Double) -> Color {
        let t = max(0, min(1, fraction))
        return Color(red: red + (other.red - red) * t,
                     green: green + (other.green - green) * t,
                     blue: blue + (other.blue - blue) * t,
                     alpha: alpha + (other.alpha - alpha) * t)
    }

    public static let white = Color(hex: 0xFFFFFF)
    public static let black = Color(hex: 0x000000)
    /// Near-black for text: softer than pure black, still a contrast ratio above 15:1 on white.
    public static let textBlack = Color(hex: 0x222222)
    /// Axis spines and tick marks.
    public static let axisGray = Color(hex: 0x555555)
    /// Grid lines: visible, but quieter than the data.
    public static let gridGray = Color(hex: 0xE3E3E3)
    /// Secondary text (tick labels).
    public static let mutedText = Color(hex: 0x444444)
}
