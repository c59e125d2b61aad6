import Foundation
import Testing
import ImagePipeline

@Suite struct BatchLoaderTests {
    let plan = AugmentationPlan(resizeTo: 10, cropTo: 6)

    @Test func testBatchesSkipTheCorruptFileAndListIt() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = try ImageFolderDataset(root: root)
        let loader = BatchLoader(dataset: dataset, plan: plan, batchSize: 2)
        let batches = Array(loader.testBatches(indices: Array(0..<5)))
        #expect(batches.map(\.count) == [2, 1, 1])  // [0, 1], [2, 3 corrupt], [4]
        #expect(batches[1].indices == [2] && batches[1].labels == [1])
        #expect(batches[0].images.shape == [2, 10, 10, 3])
        let expected = plan.testImage(try dataset.decode(4))
        #expect(batches[2].images.scalars == expected.values)
        #expect(loader.failures.skipped.map(\.index) == [3])
        #expect(loader.failures.skipped.first?.path.hasSuffix("corrupt.jpg") == true)
    }

    @Test func trainBatchesAreSeededAndMatchTheirViews() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = try ImageFolderDataset(root: root).decodableSubset().dataset
        let cache = DecodedImageCache(budgetBytes: 1 << 20)
        let loader = BatchLoader(dataset: dataset, plan: plan, batchSize: 3, cache: cache)
        let first = Array(loader.trainBatches(indices: [0, 1, 2, 3], seed: 5, epoch: 0))
        let again = Array(loader.trainBatches(indices: [0, 1, 2, 3], seed: 5, epoch: 0))
        #expect(first.map(\.indices) == again.map(\.indices))
        #expect(first.map(\.images) == again.map(\.images))
        #expect(Set(first.flatMap(\.indices)) == Set(0..<4))
        #expect(first[0].images.shape == [3, 6, 6, 3])
        let batch = first[0]
        for (slot, index) in batch.indices.enumerated() {
            let view = batch.views![slot]
            #expect(view == plan.view(seed: 5, imageIndex: index, viewIndex: 0))
            let image = plan.trainImage(try dataset.decode(index), view: view)
            #expect(batch.image(at: slot) == image)
            #expect(batch.labels[slot] == dataset.items[index].label)
        }
        #expect(cache.count == 4)
        let nextEpoch = Array(loader.trainBatches(indices: [0, 1, 2, 3], seed: 5, epoch: 1, viewIndex: 0))
        #expect(nextEpoch.flatMap(\.views!).count == 4)
    }

    @Test func stoppingEarlyStopsTheProducer() throws {
        let root = try SampleFolder.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let dataset = try ImageFolderDataset(root: root)
        let loader = BatchLoader(dataset: dataset, plan: plan, batchSize: 1, prefetch: 1)
        var seen = 0
        for batch in loader.testBatches(indices: Array(0..<5)) {
            seen += batch.count
            break
        }
        #expect(seen == 1)
        _ = loader.testBatches(indices: Array(0..<5))  // dropped unread: must not leak a blocked thread
    }
}
