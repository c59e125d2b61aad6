import CCairo
import Foundation
@testable import Plotting

/// A PNG read back through Cairo, for checking the pixels a figure wrote.
struct PNGPixels {
    let width: Int
    let height: Int
    /// Row-major RGBA bytes (alpha un-premultiplied away: figures are opaque).
    private let words: [UInt32]

    init(contentsOf url: URL) throws {
        guard let surface = cairo_image_surface_create_from_png(url.path) else {
            throw PlotError.writeFailed(path: url.path, reason: "unreadable")
        }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              let data = cairo_image_surface_get_data(surface) else {
            throw PlotError.writeFailed(path: url.path, reason: "not a PNG Cairo can read")
        }
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        var words: [UInt32] = []
        words.reserveCapacity(width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { words.append(row[x]) }
        }
        self.words = words
    }

    /// The colour of the pixel at (`x`, `y`), clamped to the image.
    func color(x: Int, y: Int) -> Color {
        let word = words[max(0, min(height - 1, y)) * width + max(0, min(width - 1, x))]
        return Color(red: Double((word >> 16) & 0xFF) / 255, green: Double((word >> 8) & 0xFF) / 255,
                     blue: Double(word & 0xFF) / 255, alpha: Double(word >> 24) / 255)
    }

    /// The colour under logical point `point` at `scale` pixels per unit.
    func color(at point: Point, scale: Double) -> Color {
        color(x: Int(point.x * scale), y: Int(point.y * scale))
    }

    /// Whether any pixel within `radius` pixels of (`x`, `y`) is within `tolerance` of `target` per channel.
    func hasColor(_ target: Color, near point: Point, scale: Double, radius: Int = 2, tolerance: Double = 0.08) -> Bool {
        let cx = Int(point.x * scale), cy = Int(point.y * scale)
        for dy in -radius...radius {
            for dx in -radius...radius where color(x: cx + dx, y: cy + dy).isClose(to: target, tolerance: tolerance) {
                return true
            }
        }
        return false
    }

    /// The pixels that differ from `background` by more than `tolerance` in some channel.
    func inkCount(in rect: Rect, scale: Double, background: Color = .white, tolerance: Double = 0.2) -> Int {
        var count = 0
        for y in Int(rect.minY * scale)..<Int(rect.maxY * scale) {
            for x in Int(rect.minX * scale)..<Int(rect.maxX * scale)
            where !color(x: x, y: y).isClose(to: background, tolerance: tolerance) {
                count += 1
            }
        }
        return count
    }
}

extension Color {
    /// Whether every RGB channel is within `tolerance` of `other`'s.
    func isClose(to other: Color, tolerance: Double) -> Bool {
        abs(red - other.red) <= tolerance && abs(green - other.green) <= tolerance && abs(blue - other.blue) <= tolerance
    }
}

/// A solid-colour test image.
func solidImage(width: Int, height: Int, _ color: Color) throws -> PlotImage {
    let (r, g, b) = color.rgbBytes
    return try PlotImage(width: width, height: height, rgb: Array((0..<(width * height)).map { _ in [r, g, b] }.joined()))
}
