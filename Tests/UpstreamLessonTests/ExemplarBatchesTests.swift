import BiT
import SyntheticShapes
import Tensors
import Testing
@testable import UpstreamLesson

/// Instance discrimination on dead-leaves images: views, batches and validation.
@Suite struct ExemplarBatchesTests {
    @Test func theWholeViewOfAnImageAtItsOwnSizeIsTheImage() {
        var random = SeededGenerator(seed: 2)
        let image = (0..<(12 * 12 * 3)).map { _ in UInt8(random.nextInt(below: 256)) }
        #expect(ExemplarView.whole(side: 12).bytes(of: image, side: 12, output: 12) == image)
        var mirror = ExemplarView.whole(side: 12)
        mirror.mirrored = true
        let flipped = mirror.bytes(of: image, side: 12, output: 12)
        #expect(flipped[0..<3] == image[(11 * 3)..<(12 * 3)])
        #expect(flipped[(11 * 12 * 3)..<(11 * 12 * 3 + 3)] == image[(12 * 12 * 3 - 3)...])
    }

    @Test func randomViewsStayInsideTheImageAndSpanTheirAreaRange() {
        var random = SeededGenerator(seed: 9)
        let views = (0..<2000).map { _ in ExemplarView.random(side: 192, using: &random) }
        #expect(views.allSatisfy { $0.x >= 0 && $0.y >= 0 && $0.x + $0.width <= 192 && $0.y + $0.height <= 192 })
        let areas = views.map { Double($0.width * $0.height) / (192 * 192) }
        #expect(areas.min()! > 0.015 && areas.min()! < 0.03)
        #expect(areas.max()! > 0.9)
        // Log-uniform from 2% to 100%: the median area is about sqrt(0.02) = 14%.
        let median = areas.sorted()[1000]
        #expect(median > 0.10 && median < 0.18, "median area \(median)")
        #expect(views.filter(\.mirrored).count > 900 && views.filter(\.mirrored).count < 1100)
        #expect(views.allSatisfy { abs($0.brightness) <= 0.15 && (0.8...1.2).contains($0.contrast) })
    }

    @Test func aStepAlwaysGivesTheSameViewsOfItsExemplars() throws {
        let batches = try ExemplarBatches(seed: 4, imageSize: 24, batchSize: 6, exemplars: 5)
        #expect(batches.classCount == 5 && batches.validationCount == 5 && batches.exemplarSize == 72)
        let a = try batches.batch(step: 2), b = try batches.batch(step: 2), c = try batches.batch(step: 3)
        #expect(a.images.shape == [6, 24, 24, 3])
        #expect(a.images.scalars == b.images.scalars && a.labels == b.labels)
        #expect(a.images.scalars != c.images.scalars)
        #expect(a.labels.allSatisfy { (0..<5).contains($0) })
        #expect(a.images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        // Each exemplar is the dead-leaves image of its index, at three times the training side.
        #expect(Array(batches.exemplar(3)) == (try DeadLeaves(seed: 4, imageSize: 72).render(index: 3).rgb))
    }

    @Test func validationHoldsOneViewOfEveryExemplarFromAnotherStream() throws {
        let batches = try ExemplarBatches(seed: 4, imageSize: 24, batchSize: 6, exemplars: 5)
        let validation = try batches.validationBatch(0..<5)
        #expect(validation.labels == [0, 1, 2, 3, 4])
        // The same views however the set is cut into batches.
        let middle = try batches.validationBatch(1..<3)
        #expect(middle.labels == [1, 2])
        let floats = 24 * 24 * 3
        let sameViews = middle.images.scalars.elementsEqual(validation.images.scalars[floats..<(3 * floats)])
        #expect(sameViews)
        let training = try batches.batch(step: 0)
        for (i, label) in training.labels.enumerated() {
            let view = training.images.scalars[(i * floats)..<((i + 1) * floats)]
            let held = validation.images.scalars[(label * floats)..<((label + 1) * floats)]
            #expect(!view.elementsEqual(held), "a validation view of exemplar \(label) is a training view")
        }
    }

    @Test func tooLargeASetOrSideIsAClearErrorBeforeAnythingIsDrawn() {
        #expect(throws: Never.self) { try ExemplarBatches.check(imageSize: 64, exemplars: 2000, bytes: 192 * 192 * 3) }
        do {
            try ExemplarBatches.check(imageSize: 64, exemplars: 100_000, bytes: 192 * 192 * 3)
            Issue.record("100,000 images of 192x192 were accepted")
        } catch {
            #expect("\(error)" == "100000 dead-leaves images of 192x192 pixels would take 11.1 GB of memory "
                + "(at most 4 GB): lower exemplars or image_size.")
        }
        #expect(throws: UpstreamError.self) { try ExemplarBatches(seed: 1, imageSize: 400, batchSize: 2, exemplars: 2) }
    }

    @Test func theInitialBackboneDoesNotDependOnTheNumberOfUpstreamClasses() {
        let architecture = ResNetV2Architecture(blockUnits: [1, 1, 1, 1], rootChannels: 32)
        let shapes = architecture.initialArrays(headClasses: 56, seed: 61)
        let leaves = architecture.initialArrays(headClasses: 2000, seed: 61)
        #expect(Set(shapes.keys) == Set(leaves.keys))
        for key in shapes.keys where !key.hasPrefix("resnet/head") {
            #expect(shapes[key]!.scalars == leaves[key]!.scalars, "\(key) differs")
        }
        #expect(leaves[BiTCheckpoint.headKernelKey]!.shape == [1, 1, 1024, 2000])
    }
}
