import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct CairoBackendTests {
    @Test func writesAPNGOfTheScaledSizeWithItsBackground() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = try CairoBackend(size: Size(width: 64, height: 48), scale: 2)
        let background = Color(hex: 0x336699)
        backend.fillRect(Rect(x: 0, y: 0, width: 64, height: 48), color: background)
        let url = folder.appendingPathComponent("plain.png")
        try backend.writePNG(to: url)

        let png = try PNGPixels(contentsOf: url)
        #expect(png.width == 128 && png.height == 96)
        #expect(png.color(x: 0, y: 0).isClose(to: background, tolerance: 0.01))
        #expect(png.color(x: 127, y: 95).isClose(to: background, tolerance: 0.01))
        #expect(png.color(x: 64, y: 48).alpha == 1)
    }

    @Test func writingIsAtomicAndLeavesNoTemporaryFile() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("figure.png")
        try Data("old contents".utf8).write(to: url)
        let backend = try CairoBackend(size: Size(width: 10, height: 10), scale: 1)
        backend.fillRect(Rect(x: 0, y: 0, width: 10, height: 10), color: .white)
        try backend.writePNG(to: url)

        let bytes = try Data(contentsOf: url)
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])  // "\x89PNG": the old file was replaced
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["figure.png"])
    }

    @Test func anUnwritableFolderIsATypedError() throws {
        let backend = try CairoBackend(size: Size(width: 10, height: 10), scale: 1)
        let url = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/figure.png")
        #expect(throws: PlotError.self) { try backend.writePNG(to: url) }
        do {
            try backend.writePNG(to: url)
        } catch {
            #expect("\(error)".contains(url.path))
        }
    }

    @Test func impossibleCanvasesAreRejected() {
        #expect(throws: PlotError.self) { try CairoBackend(size: Size(width: 0, height: 10)) }
        #expect(throws: PlotError.self) { try CairoBackend(size: Size(width: 40000, height: 10), scale: 1) }
    }

    @Test func imageIsScaledIntoItsRectangle() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = try CairoBackend(size: Size(width: 100, height: 100), scale: 1)
        backend.fillRect(Rect(x: 0, y: 0, width: 100, height: 100), color: .white)
        // Left half red, right half blue, 4x2 pixels, stretched over 40x20 units at (30, 40).
        let red: [UInt8] = [255, 0, 0], blue: [UInt8] = [0, 0, 255]
        let rgb = Array([red, red, blue, blue, red, red, blue, blue].joined())
        backend.drawImage(try PlotImage(width: 4, height: 2, rgb: rgb), in: Rect(x: 30, y: 40, width: 40, height: 20))
        let url = folder.appendingPathComponent("image.png")
        try backend.writePNG(to: url)

        let png = try PNGPixels(contentsOf: url)
        #expect(png.color(x: 35, y: 50).isClose(to: Color(hex: 0xFF0000), tolerance: 0.02))
        #expect(png.color(x: 65, y: 50).isClose(to: Color(hex: 0x0000FF), tolerance: 0.02))
        #expect(png.color(x: 25, y: 50).isClose(to: .white, tolerance: 0.01))
        #expect(png.color(x: 50, y: 65).isClose(to: .white, tolerance: 0.01))
    }

    @Test func textIsMeasuredWithDejaVuSans() throws {
        let backend = try CairoBackend(size: Size(width: 10, height: 10), scale: 2)
        let small = backend.measureText("Accuracy", style: TextStyle(size: 10))
        let large = backend.measureText("Accuracy", style: TextStyle(size: 20))
        // DejaVu Sans: ascent 0.928 em, descent 0.236 em; "Accuracy" is about 4.4 em wide.
        #expect(abs(small.ascent - 9.28) < 0.3 && abs(small.descent - 2.36) < 0.3)
        #expect(small.width > 35 && small.width < 55)
        #expect(abs(large.width - 2 * small.width) < 0.5, "unhinted metrics scale linearly")
        let bold = backend.measureText("Accuracy", style: TextStyle(size: 10, weight: .bold))
        #expect(bold.width > small.width)
    }

    @Test func dashedLinesLeaveGaps() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let backend = try CairoBackend(size: Size(width: 100, height: 10), scale: 1)
        backend.fillRect(Rect(x: 0, y: 0, width: 100, height: 10), color: .white)
        backend.drawPolyline([Point(x: 0, y: 5), Point(x: 100, y: 5)], style: LineStyle(color: .black, width: 2, dash: [10, 10]))
        let url = folder.appendingPathComponent("dash.png")
        try backend.writePNG(to: url)

        let png = try PNGPixels(contentsOf: url)
        #expect(png.color(x: 5, y: 5).isClose(to: .black, tolerance: 0.05))
        #expect(png.color(x: 15, y: 5).isClose(to: .white, tolerance: 0.05))
        #expect(png.color(x: 25, y: 5).isClose(to: .black, tolerance: 0.05))
    }

    @Test(arguments: [0.0, 45.0, 90.0])
    func paintedTextStaysInsideItsComputedBox(rotation: Double) throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let canvas = Rect(x: 0, y: 0, width: 200, height: 200)
        let backend = try CairoBackend(size: canvas.size, scale: 2)
        backend.fillRect(canvas, color: .white)
        let style = TextStyle(size: 16, color: .black, horizontal: .center, vertical: .middle, rotation: rotation)
        let anchor = Point(x: 100, y: 100)
        backend.drawText("Accuracy", at: anchor, style: style)
        let url = folder.appendingPathComponent("text.png")
        try backend.writePNG(to: url)

        let png = try PNGPixels(contentsOf: url)
        let box = TextPlacement(anchor: anchor, extents: backend.measureText("Accuracy", style: style), style: style).bounds
        let total = png.inkCount(in: canvas, scale: 2)
        let inside = png.inkCount(in: box.insetBy(dx: -1, dy: -1), scale: 2)
        #expect(total > 300)
        #expect(inside == total, "\(total - inside) inked pixels outside the computed box")
    }
}
