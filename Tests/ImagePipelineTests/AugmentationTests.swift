import Testing
import ImagePipeline

@Suite struct AugmentationTests {
    let plan = AugmentationPlan(resizeTo: 12, cropTo: 5)
    let image = TestImages.rgb(width: 9, height: 7) { x, y in (UInt8(x * 27), UInt8(y * 36), UInt8((x * y * 11) % 256)) }

    @Test func viewsAreAPureFunctionOfSeedImageAndView() {
        let first = (0..<50).map { plan.view(seed: 42, imageIndex: $0, viewIndex: 3) }
        let again = (0..<50).map { plan.view(seed: 42, imageIndex: $0, viewIndex: 3) }
        #expect(first == again)
        #expect(first != (0..<50).map { plan.view(seed: 43, imageIndex: $0, viewIndex: 3) })
        #expect(first != (0..<50).map { plan.view(seed: 42, imageIndex: $0, viewIndex: 4) })
    }

    @Test func viewsCoverEveryOffsetAndBothFlips() {
        let views = (0..<2000).map { plan.view(seed: 7, imageIndex: $0, viewIndex: 0) }
        #expect(Set(views.map(\.cropX)) == Set(0...7))
        #expect(Set(views.map(\.cropY)) == Set(0...7))
        let flips = views.filter(\.flip).count
        #expect(flips > 900 && flips < 1100)
    }

    @Test func trainImageIsFlipResizeCropDivide() {
        // The lesson's order, step by step, must equal the fused one-pass version exactly.
        let view = AugmentationView(flip: true, cropX: 4, cropY: 2)
        let stepwise = ResizeMethod.bilinear.resize(image.flippedLeftRight(), width: 12, height: 12)
            .cropped(x: 4, y: 2, width: 5, height: 5)
            .divided(by: 255)
        #expect(plan.trainImage(image, view: view) == stepwise)
        let unflipped = AugmentationView(flip: false, cropX: 0, cropY: 7)
        #expect(plan.trainImage(image, view: unflipped)
            == ResizeMethod.bilinear.resize(image, width: 12, height: 12).cropped(x: 0, y: 7, width: 5, height: 5).divided(by: 255))
    }

    @Test func testImageIsResizeDivide() {
        let expected = ResizeMethod.bilinear.resize(image, width: 12, height: 12).divided(by: 255)
        #expect(plan.testImage(image) == expected)
        #expect(expected.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func areaPlanFollowsTheSameOrder() {
        let area = AugmentationPlan(resizeTo: 4, cropTo: 3, method: .area)
        let view = AugmentationView(flip: true, cropX: 1, cropY: 0)
        let expected = ResizeMethod.area.resize(image.flippedLeftRight(), width: 4, height: 4)
            .cropped(x: 1, y: 0, width: 3, height: 3).divided(by: 255)
        #expect(area.trainImage(image, view: view) == expected)
    }

    @Test func flipCommutesWithSquareResizeToFloatRounding() {
        // Resizing then flipping equals flipping then resizing up to float rounding only
        // (the lerp a + (b - a) t is not bit-symmetric in a and b), which is why the pipeline
        // flips first, as the lesson does, and caches decoded rather than resized images.
        let flipFirst = ResizeMethod.bilinear.resize(image.flippedLeftRight(), width: 12, height: 12)
        let resizeFirst = ResizeMethod.bilinear.resize(image, width: 12, height: 12).flippedLeftRight()
        let largest = zip(flipFirst.values, resizeFirst.values).map { abs($0 - $1) }.max()!
        #expect(largest <= 255 * Float.ulpOfOne * 4)
    }
}
