#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable, aligned `Float` buffer that keeps its memory between uses.
///
/// The forward pass of a large network writes hundreds of megabytes of activations;
/// fresh allocations would page-fault (and zero) every one of those pages on every
/// call, so the model keeps a few of these and reuses them.
public final class FloatBuffer: @unchecked Sendable {
    /// The start of the storage (64-byte aligned); valid for `capacity` elements.
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// The number of elements the storage holds.
    public private(set) var capacity: Int

    /// A buffer with room for `capacity` elements (contents uninitialized).
    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        self.pointer = FloatBuffer.allocate(self.capacity)
    }

    /// Makes room for `count` elements. The contents are not kept when it grows.
    public func reserve(_ count: Int) {
        guard count > capacity else { return }
        free(pointer)
        capacity = count
        pointer = FloatBuffer.allocate(count)
    }

    /// Gives the memory back (the buffer keeps one element).
    public func release() {
        free(pointer)
        capacity = 1
        pointer = FloatBuffer.allocate(1)
    }

    deinit { free(pointer) }

    /// Large buffers are aligned to 2 MiB and marked for transparent huge pages:
    /// fewer page faults and TLB misses while GEMM streams through them.
    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = count * MemoryLayout<Float>.stride
        let hugePage = 2 << 20
        let alignment = bytes >= 2 * hugePage ? hugePage : 64
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        #if os(Linux)
        if alignment == hugePage { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Float.self, capacity: count)
    }
}
