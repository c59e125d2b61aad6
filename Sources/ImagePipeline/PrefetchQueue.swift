import Foundation

/// A bounded queue that a producer thread fills ahead of its consumer: element `i` of
/// `count` is made by `produce(i)` on the producer thread, at most `capacity` elements
/// wait at once, and `next()` hands them out in order. The producer may itself spread
/// its work over all cores (the batch loader does), so decoding runs while the model does.
final class PrefetchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [Element] = []
    private var produced = 0
    private var consumed = 0
    private var cancelled = false
    private let count: Int
    private let capacity: Int

    /// Starts producing `count` elements, keeping at most `capacity` (at least 1) waiting.
    init(count: Int, capacity: Int, produce: @escaping @Sendable (Int) -> Element) {
        self.count = count
        self.capacity = max(1, capacity)
        let thread = Thread { [self] in run(produce) }
        thread.name = "ImagePipeline.prefetch"
        thread.start()
    }

    private func run(_ produce: (Int) -> Element) {
        for index in 0..<count {
            condition.lock()
            while ready.count >= capacity && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { return }
            let element = produce(index)
            condition.lock()
            ready.append(element)
            produced += 1
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next element, waiting for it if needed; nil after the last one or after `cancel()`.
    func next() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && consumed < count && !cancelled { condition.wait() }
        guard !ready.isEmpty, !cancelled else { return nil }
        consumed += 1
        let element = ready.removeFirst()
        condition.broadcast()
        return element
    }

    /// Stops the producer after the element it is making (used when the consumer stops early).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
