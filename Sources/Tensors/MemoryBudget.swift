import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many bytes this process may allocate, so that a size read from a file or a flag is
/// checked before the allocation rather than discovered by the kernel's OOM killer or a
/// failed `malloc` (an abort with a backtrace).
///
/// The budget is the smallest of the machine's physical memory, the address-space and
/// data-segment limits (`ulimit -v`, `ulimit -d`) and the cgroup v2 `memory.max` of a
/// container, where any is set.
public enum MemoryBudget {
    /// The budget in bytes (computed once).
    public static let bytes: Int = {
        var limits = [clamp(ProcessInfo.processInfo.physicalMemory)]
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var limit = rlimit()
            #if canImport(Glibc)
            let status = getrlimit(__rlimit_resource_t(resource.rawValue), &limit)
            #else
            let status = getrlimit(resource, &limit)
            #endif
            if status == 0, limit.rlim_cur != rlim_t.max { limits.append(clamp(UInt64(limit.rlim_cur))) }
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let value = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            limits.append(clamp(value))
        }
        return limits.min() ?? Int.max
    }()

    /// `count * size` bytes, or nil when the product overflows `Int`.
    public static func product(_ factors: [Int]) -> Int? {
        var result = 1
        for factor in factors {
            guard factor >= 0 else { return nil }
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { return nil }
            result = value
        }
        return result
    }

    /// Bytes in a human unit, for messages ("2.15 GB").
    public static func format(_ bytes: Int) -> String {
        let value = Double(bytes)
        if value >= 1e9 { return String(format: "%.2f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        return "\(bytes) bytes"
    }

    private static func clamp(_ value: UInt64) -> Int { value > UInt64(Int.max) ? Int.max : Int(value) }
}
