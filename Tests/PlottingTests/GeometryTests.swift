import Testing
@testable import Plotting

@Suite struct GeometryTests {
    @Test func fittingLetterboxesAWideImageIntoASquare() {
        let square = Rect(x: 10, y: 20, width: 100, height: 100)
        let fitted = square.fitting(aspectOf: Size(width: 400, height: 200))
        #expect(fitted == Rect(x: 10, y: 45, width: 100, height: 50))
    }

    @Test func fittingPillarboxesATallImage() {
        let wide = Rect(x: 0, y: 0, width: 300, height: 100)
        let fitted = wide.fitting(aspectOf: Size(width: 50, height: 100))
        #expect(fitted == Rect(x: 125, y: 0, width: 50, height: 100))
    }

    @Test func intersectionAndContainment() {
        let a = Rect(x: 0, y: 0, width: 10, height: 10)
        #expect(a.intersection(Rect(x: 5, y: 5, width: 10, height: 10)) == Rect(x: 5, y: 5, width: 5, height: 5))
        #expect(a.intersection(Rect(x: 20, y: 0, width: 1, height: 1)) == nil)
        #expect(a.contains(Rect(x: 1, y: 1, width: 9, height: 9)))
        #expect(!a.contains(Rect(x: 1, y: 1, width: 10, height: 9)))
        #expect(a.contains(Rect(x: 1, y: 1, width: 9.4, height: 9), tolerance: 0.5))
    }
}
