import Foundation
import ProceduralImages
import Testing

@Suite struct WorkerProgressTests {
    @Test func countsEveryItemOnceAcrossThreads() {
        let log = CountLog()
        let progress = WorkerProgress(total: 40) { done, total in log.append(done, total) }
        DispatchQueue.concurrentPerform(iterations: 40) { _ in progress.finished() }
        #expect(log.entries.map(\.0).sorted() == Array(1...40))
        #expect(log.entries.allSatisfy { $0.1 == 40 })
        #expect(!progress.failed)
        #expect(progress.error == nil)
    }

    @Test func keepsTheFirstError() {
        let progress = WorkerProgress(total: 2)
        progress.fail(Problem(id: 1))
        progress.fail(Problem(id: 2))
        #expect(progress.failed)
        #expect((progress.error as? Problem)?.id == 1)
    }
}

private struct Problem: Error { let id: Int }

private final class CountLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(Int, Int)] = []
    var entries: [(Int, Int)] { lock.withLock { stored } }
    func append(_ done: Int, _ total: Int) { lock.withLock { stored.append((done, total)) } }
}
