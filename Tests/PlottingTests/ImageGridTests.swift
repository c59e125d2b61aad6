import Foundation
import Testing
import TestSupport
@testable import Plotting

@Suite struct ImageGridTests {
    let colors = [Color(hex: 0xCC2222), Color(hex: 0x22AA44), Color(hex: 0x2244CC), Color(hex: 0xDDAA00)]

    func tiles() throws -> [ImageTile] {
        // Wide, tall, square and wide again: every tile must keep its own shape.
        let shapes = [(60, 30), (20, 40), (32, 32), (90, 45)]
        return try zip(shapes, colors).enumerated().map { index, pair in
            ImageTile(image: try solidImage(width: pair.0.0, height: pair.0.1, pair.1), title: "class \(index)")
        }
    }

    @Test func tilesKeepTheirAspectRatioAndTitles() throws {
        let figure = Figure.imageGrid(try tiles(), columns: 2, title: "Samples", tileSize: 100)
        let recorded = figure.recorded()
        #expect(recorded.texts == ["Samples", "class 0", "class 1", "class 2", "class 3"])
        let images = recorded.calls.compactMap { call -> (Int, Int, Rect)? in
            if case let .image(width, height, rect) = call { return (width, height, rect) } else { return nil }
        }
        #expect(images.count == 4)
        for (width, height, rect) in images {
            #expect(abs(rect.width / rect.height - Double(width) / Double(height)) < 1e-9)
            #expect(rect.width <= 100 + 1e-9 && rect.height <= 100 + 1e-9)
        }
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func tileImagesArePaintedWhereExpected() throws {
        let folder = SharedFixtures.temporaryDirectory("plotting")
        defer { try? FileManager.default.removeItem(at: folder) }
        let figure = Figure.imageGrid(try tiles(), columns: 2, tileSize: 100)
        let url = folder.appendingPathComponent("01-samples.png")
        try figure.writePNG(to: url)
        let png = try PNGPixels(contentsOf: url)
        let scale = Figure.defaultScale

        let rects = figure.recorded().calls.compactMap { call -> Rect? in
            if case let .image(_, _, rect) = call { return rect } else { return nil }
        }
        for (rect, color) in zip(rects, colors) {
            #expect(png.color(at: rect.center, scale: scale).isClose(to: color, tolerance: 0.02))
            #expect(png.color(at: Point(x: rect.minX + 2, y: rect.minY + 2), scale: scale).isClose(to: color, tolerance: 0.02))
        }
        // The tall image (tile 1) is pillarboxed: white to its left and right.
        let tall = rects[1]
        #expect(png.color(at: Point(x: tall.minX - 5, y: tall.midY), scale: scale).isClose(to: .white, tolerance: 0.01))
        #expect(png.color(at: Point(x: tall.maxX + 5, y: tall.midY), scale: scale).isClose(to: .white, tolerance: 0.01))
    }

    @Test func wrongPredictionsAreRedAndBold() throws {
        let image = try solidImage(width: 8, height: 8, .black)
        let wrong = ImageTile.prediction(image: image, trueLabel: "daisy", predictedLabel: "tulips", confidence: 0.874)
        let right = ImageTile.prediction(image: image, trueLabel: "roses", predictedLabel: "roses", confidence: 0.999)
        #expect(wrong.title == "daisy \u{2192} tulips (87%)" && wrong.isWrong)
        #expect(right.title == "roses \u{2192} roses (100%)" && !right.isWrong)
        #expect(ImageTile.predictionTitle(trueLabel: "a", predictedLabel: "b", confidence: .nan) == "a \u{2192} b")

        let recorded = Figure.imageGrid([wrong, right], columns: 2).recorded()
        let styles = Dictionary(uniqueKeysWithValues: recorded.textCalls.map { ($0.text, $0.style) })
        #expect(styles["daisy \u{2192} tulips (87%)"]?.color == Palette.wrong)
        #expect(styles["daisy \u{2192} tulips (87%)"]?.weight == .bold)
        #expect(styles["roses \u{2192} roses (100%)"]?.color == .textBlack)
        #expect(styles["roses \u{2192} roses (100%)"]?.weight == .normal)
    }

    @Test func longTitlesShrinkTogetherThenTruncate() throws {
        let image = try solidImage(width: 10, height: 10, .black)
        // Cells widen for titles up to 260 units: 40 characters (288 units at 12) must shrink, 100 cannot fit.
        let tiles = [ImageTile(image: image, title: "short"),
                     ImageTile(image: image, title: String(repeating: "abcd", count: 10)),
                     ImageTile(image: image, title: String(repeating: "very long ", count: 10))]
        let recorded = Figure.imageGrid(tiles, columns: 3, tileSize: 120).recorded()
        let calls = recorded.textCalls
        #expect(calls.count == 3)
        #expect(calls[0].style.size == calls[1].style.size && calls[2].style.size == calls[0].style.size)
        #expect(calls[0].style.size < 12 && calls[0].style.size >= 9)
        #expect(calls[1].text == String(repeating: "abcd", count: 10))
        #expect(calls[2].text.hasSuffix("\u{2026}"))
        for call in calls { #expect(call.placement.extents.width <= 260 + 1e-9) }
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func predictionTitlesFitWithoutEllipsis() throws {
        let crop = try solidImage(width: 224, height: 224, .white)
        let tiles = (0..<25).map { _ in
            ImageTile.prediction(image: crop, trueLabel: "sunflowers", predictedLabel: "dandelion", confidence: 0.87)
        }
        let recorded = Figure.imageGrid(tiles, columns: 5).recorded()
        #expect(recorded.texts.allSatisfy { $0 == "sunflowers \u{2192} dandelion (87%)" })
    }

    @Test func defaultTileSizeFollowsTheImages() throws {
        let crops = try (0..<4).map { _ in ImageTile(image: try solidImage(width: 224, height: 224, .white), title: "x") }
        #expect(Figure.cellSize(nil, tiles: crops) == Size(width: 112, height: 112))
        let photos = try (0..<3).map { _ in ImageTile(image: try solidImage(width: 320, height: 240, .white), title: "x") }
        #expect(Figure.cellSize(nil, tiles: photos) == Size(width: 160, height: 120))
        #expect(Figure.cellSize(150, tiles: []) == Size(width: 150, height: 150))
    }

    @Test func emptyGridAndBadColumnsDoNotCrash() {
        let empty = Figure.imageGrid([], columns: 0, title: "Nothing yet")
        let recorded = empty.recorded()
        #expect(recorded.texts == ["Nothing yet"])
        #expect(empty.size.width > 0 && empty.size.height > 0)
    }

    @Test func mismatchedBytesAreRejected() {
        #expect(throws: ImageSizeError(width: 2, height: 2, byteCount: 5)) {
            try PlotImage(width: 2, height: 2, rgb: [1, 2, 3, 4, 5])
        }
        #expect(throws: ImageSizeError.self) { try PlotImage(width: 0, height: 2, rgb: []) }
    }
}
