import Foundation
import Testing
import Tensors

@Suite struct ComputeThreadsTests {
    @Test func everyTileRunsExactlyOnce() {
        let lock = NSLock()
        var seen = [Int](repeating: 0, count: 37)
        ComputeThreads.forEachTile(37) { tile, worker in
            #expect(worker < ComputeThreads.count)
            lock.withLock { seen[tile] += 1 }
        }
        #expect(seen == [Int](repeating: 1, count: 37))
    }

    @Test func slicesPartitionTheRange() {
        let lock = NSLock()
        var ranges: [Range<Int>] = []
        ComputeThreads.forEachSlice(of: 101) { range in lock.withLock { ranges.append(range) } }
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        #expect(sorted.first?.lowerBound == 0 && sorted.last?.upperBound == 101)
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
}
