import CCairo
import Foundation

/// Paints onto a Cairo ARGB32 image surface and writes it as PNG.
///
/// Drawing happens in logical units; the surface holds `scale` pixels per unit,
/// so one figure description renders sharp at any density.
public final class CairoBackend: PlotBackend {
    public let size: Size
    /// Pixels per logical unit.
    public let scale: Double
    /// The surface's size in pixels.
    public let pixelWidth: Int
    public let pixelHeight: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    /// A transparent canvas of `size` logical units at `scale` pixels per unit.
    public init(size: Size, scale: Double = 2) throws {
        let safeScale = scale.isFinite && scale > 0 ? scale : 1
        let width = Int((size.width * safeScale).rounded()), height = Int((size.height * safeScale).rounded())
        guard width > 0, height > 0, width <= 32767, height <= 32767 else {
            // Cairo's image surfaces are limited to 32767 pixels a side.
            throw PlotError.surfaceFailed(width: width, height: height, status: "size out of range 1...32767")
        }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw PlotError.surfaceFailed(width: width, height: height, status: "no surface")
        }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PlotError.surfaceFailed(width: width, height: height, status: Self.text(of: status))
        }
        self.size = size
        self.scale = safeScale
        self.pixelWidth = width
        self.pixelHeight = height
        self.surface = surface
        self.context = context
        cairo_scale(context, safeScale, safeScale)
        configureFonts()
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Metrics unhinted so text measures the same (in logical units) at every scale,
    /// and the layout does not shift between 1x and 2x output.
    private func configureFonts() {
        guard let options = cairo_font_options_create() else { return }
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    // MARK: Drawing

    public func drawPolyline(_ points: [Point], style: LineStyle) {
        guard points.count >= 2 else { return }
        cairo_new_path(context)
        cairo_move_to(context, points[0].x, points[0].y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        stroke(style)
    }

    public func fillRect(_ rect: Rect, color: Color) {
        cairo_new_path(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        setSource(color)
        cairo_fill(context)
    }

    public func strokeRect(_ rect: Rect, style: LineStyle) {
        cairo_new_path(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        stroke(style)
    }

    public func drawMarker(_ shape: MarkerShape, at center: Point, radius: Double, fill: Color?, stroke: LineStyle?) {
        cairo_new_path(context)
        switch shape {
        case .circle:
            cairo_arc(context, center.x, center.y, radius, 0, 2 * .pi)
        case .square:
            cairo_rectangle(context, center.x - radius, center.y - radius, 2 * radius, 2 * radius)
        case .diamond, .triangle:
            let corners = MarkerGeometry.polygon(shape, center: center, radius: radius)
            cairo_move_to(context, corners[0].x, corners[0].y)
            for corner in corners.dropFirst() { cairo_line_to(context, corner.x, corner.y) }
            cairo_close_path(context)
        }
        if let fill {
            setSource(fill)
            cairo_fill_preserve(context)
        }
        if let stroke { self.stroke(stroke) } else { cairo_new_path(context) }
    }

    public func measureText(_ text: String, style: TextStyle) -> TextExtents {
        selectFont(style)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(context, &fontExtents)
        var textExtents = cairo_text_extents_t()
        cairo_text_extents(context, text, &textExtents)
        return TextExtents(width: textExtents.x_advance, ascent: fontExtents.ascent, descent: fontExtents.descent)
    }

    public func drawText(_ text: String, at anchor: Point, style: TextStyle) {
        guard !text.isEmpty else { return }
        let placement = TextPlacement(anchor: anchor, extents: measureText(text, style: style), style: style)
        cairo_save(context)
        cairo_translate(context, anchor.x, anchor.y)
        // Cairo's positive angles turn clockwise on a y-down canvas.
        cairo_rotate(context, -placement.angle)
        cairo_move_to(context, placement.origin.x, placement.origin.y)
        setSource(style.color)
        cairo_show_text(context, text)
        cairo_restore(context)
    }

    public func drawImage(_ image: PlotImage, in rect: Rect) {
        guard rect.width > 0, rect.height > 0, let source = Self.surface(for: image) else { return }
        defer { cairo_surface_destroy(source) }
        cairo_save(context)
        cairo_translate(context, rect.x, rect.y)
        cairo_scale(context, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(context, source, 0, 0)
        if let pattern = cairo_get_source(context) {
            // GOOD box-filters when shrinking (no aliasing on photos shrunk to tiles);
            // PAD keeps the edges from fading into transparency.
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_GOOD)
            cairo_pattern_set_extend(pattern, CAIRO_EXTEND_PAD)
        }
        cairo_new_path(context)
        cairo_rectangle(context, 0, 0, Double(image.width), Double(image.height))
        cairo_fill(context)
        cairo_restore(context)
    }

    public func pushClip(_ rect: Rect) {
        cairo_save(context)
        cairo_new_path(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    public func popClip() {
        cairo_restore(context)
    }

    // MARK: Output

    /// Writes the canvas as PNG to `url`, atomically: a temporary file in the same
    /// folder is written first and then renamed over `url`, so a reader never sees half a file.
    public func writePNG(to url: URL) throws {
        cairo_surface_flush(surface)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        errno = 0
        let status = cairo_surface_write_to_png(surface, temporary.path)
        guard status == CAIRO_STATUS_SUCCESS else {
            // Cairo writes through stdio and reports only WRITE_ERROR; errno still says why.
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Self.writeError(url, status: status, errno: code)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw Self.writeError(url, status: CAIRO_STATUS_WRITE_ERROR, errno: code)
        }
    }

    /// The error for a PNG write that failed with `status`, `errno` being `code`: a full disk said as such.
    static func writeError(_ url: URL, status: cairo_status_t, errno code: Int32) -> PlotError {
        if status == CAIRO_STATUS_WRITE_ERROR, code == ENOSPC || code == EDQUOT { return .diskFull(path: url.path) }
        return .writeFailed(path: url.path, reason: code != 0 && status == CAIRO_STATUS_WRITE_ERROR
                                ? String(cString: strerror(code)) : text(of: status))
    }

    /// The canvas encoded as PNG, for callers that store bytes themselves.
    public func pngData() throws -> Data {
        cairo_surface_flush(surface)
        let sink = PNGSink()
        let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<PNGSink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque())
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.writeFailed(path: "(memory)", reason: Self.text(of: status))
        }
        return sink.data
    }

    // MARK: Helpers

    private func setSource(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    private func stroke(_ style: LineStyle) {
        setSource(style.color)
        cairo_set_line_width(context, style.width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        let dashes = style.dash.filter { $0.isFinite && $0 >= 0 }
        dashes.withUnsafeBufferPointer { buffer in
            cairo_set_dash(context, buffer.baseAddress, Int32(dashes.contains { $0 > 0 } ? dashes.count : 0), 0)
        }
        cairo_stroke(context)
    }

    private func selectFont(_ style: TextStyle) {
        // DejaVu Sans: Debian's fonts-dejavu-core; fontconfig substitutes a sans face elsewhere.
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                               style.weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, style.size)
    }

    /// An opaque ARGB32 copy of `image` (Cairo stores premultiplied native-endian 0xAARRGGBB words).
    private static func surface(for image: PlotImage) -> OpaquePointer? {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(image.width), Int32(image.height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              let data = cairo_image_surface_get_data(surface) else { return nil }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        image.pixels.withUnsafeBufferPointer { rgb in
            for y in 0..<image.height {
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                for x in 0..<image.width {
                    let offset = (y * image.width + x) * 3
                    row[x] = 0xFF00_0000 | UInt32(rgb[offset]) << 16 | UInt32(rgb[offset + 1]) << 8 | UInt32(rgb[offset + 2])
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    /// Collects the bytes Cairo's PNG writer hands out.
    private final class PNGSink {
        var data = Data()
    }

    private static func text(of status: cairo_status_t) -> String {
        guard let message = cairo_status_to_string(status) else { return "status \(status.rawValue)" }
        return String(cString: message)
    }
}
