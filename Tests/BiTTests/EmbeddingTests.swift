import Tensors
import Testing
@testable import BiT

@Suite struct EmbeddingTests {
    static let model = Result {
        try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [1, 1], widthFactor: 1), headClasses: 3)
    }

    static func images(_ count: Int) -> Tensor {
        var generator = SeededGenerator(seed: 4)
        return Tensor(shape: [count, 12, 10, 3], scalars: (0..<(count * 360)).map { _ in generator.nextFloat() })
    }

    @Test func batchesGiveTheSameRowsAsOnePass() throws {
        let model = try Self.model.get()
        let images = Self.images(5)
        var reported: [Int] = []
        let batched = try Embedding.embed(images, with: model, batchSize: 2) { done, total in
            #expect(total == 5)
            reported.append(done)
        }
        #expect(reported == [2, 4, 5])
        let whole = model.features(images)
        #expect(batched.shape == [5, 512])
        #expect(relativeError(batched, whole) <= 1e-6)
        let logits = try Embedding.embed(images, with: model, batchSize: 3, logits: true)
        #expect(logits.shape == [5, 3])
        #expect(relativeError(logits, model.logits(images)!) <= 1e-6)
    }

    @Test func rejectsWhatIsNotImagesInTheUnitRange() throws {
        let model = try Self.model.get()
        #expect(throws: EmbeddingError.notImages(shape: [2, 8, 8])) {
            try Embedding.embed(Tensor(zeros: [2, 8, 8]), with: model)
        }
        #expect(throws: EmbeddingError.notImages(shape: [0, 8, 8, 3])) {
            try Embedding.embed(Tensor(zeros: [0, 8, 8, 3]), with: model)
        }
        #expect(throws: EmbeddingError.valuesOutOfRange(minimum: 0, maximum: 255)) {
            try Embedding.embed(Tensor(shape: [1, 1, 2, 3], scalars: [0, 1, 2, 3, 4, 255]), with: model)
        }
        #expect(throws: EmbeddingError.invalidBatchSize(0)) {
            try Embedding.embed(Self.images(1), with: model, batchSize: 0)
        }
    }

    @Test func logitsNeedAHead() throws {
        let headless = try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [1], widthFactor: 1))
        #expect(throws: EmbeddingError.noHead) { try Embedding.embed(Self.images(1), with: headless, logits: true) }
        #expect(EmbeddingError.noHead.description.contains("pre-logits"))
    }
}
