import Testing
@testable import Plotting

@Suite struct RecordingBackendTests {
    @Test func recordsCallsInOrder() throws {
        let backend = RecordingBackend(size: Size(width: 100, height: 100))
        backend.fillRect(Rect(x: 0, y: 0, width: 100, height: 100), color: .white)
        backend.drawText("hello", at: Point(x: 10, y: 20), style: TextStyle(size: 10))
        backend.drawImage(try solidImage(width: 2, height: 3, .black), in: Rect(x: 1, y: 2, width: 3, height: 4))
        #expect(backend.calls.count == 3)
        #expect(backend.texts == ["hello"])
        #expect(backend.calls[2] == .image(width: 2, height: 3, Rect(x: 1, y: 2, width: 3, height: 4)))
    }

    @Test func emptyTextAndSinglePointLinesDrawNothing() {
        let backend = RecordingBackend(size: Size(width: 10, height: 10))
        backend.drawText("", at: Point(x: 1, y: 1), style: TextStyle(size: 10))
        backend.drawPolyline([Point(x: 1, y: 1)], style: LineStyle(color: .black))
        #expect(backend.calls.isEmpty)
    }

    @Test func findsCallsOutsideTheCanvasUnlessClipped() {
        let backend = RecordingBackend(size: Size(width: 100, height: 100))
        backend.fillRect(Rect(x: 90, y: 90, width: 20, height: 5), color: .black)
        backend.pushClip(Rect(x: 0, y: 0, width: 50, height: 50))
        backend.drawPolyline([Point(x: -20, y: 10), Point(x: 30, y: 10)], style: LineStyle(color: .black))
        backend.popClip()
        backend.drawText("far right", at: Point(x: 99, y: 50), style: TextStyle(size: 10))
        let outside = backend.callsOutsideCanvas()
        #expect(outside.count == 2)
        #expect(outside.first == .fillRect(Rect(x: 90, y: 90, width: 20, height: 5), .black))
    }

    @Test func approximateMetricsAreDeterministic() {
        let backend = RecordingBackend(size: Size(width: 10, height: 10))
        let extents = backend.measureText("abcd", style: TextStyle(size: 10))
        #expect(abs(extents.width - 24) < 1e-9 && abs(extents.ascent - 9.3) < 1e-9 && abs(extents.descent - 2.4) < 1e-9)
    }
}
