import Foundation

/// Folders a fetch may create that must not outlive it when they hold nothing of value:
/// Foundation's URL cache (swift-corelibs-foundation makes `org.swift.foundation.URLCache/<process>`
/// in the user cache on first use of a URL session, although the fetcher caches nothing), and
/// the lesson's user cache folder when the fetch failed before writing anything into it.
struct FetchLeftovers {
    private let foundationCache: URL?
    private let hadFoundationCache: Bool
    private let userCache: URL
    private let hadUserCache: Bool

    /// Notes what exists before the fetch.
    init(userCache: URL) {
        let manager = FileManager.default
        foundationCache = manager.urls(for: .cachesDirectory, in: .userDomainMask).first?
            .appendingPathComponent("org.swift.foundation.URLCache")
        hadFoundationCache = foundationCache.map { manager.fileExists(atPath: $0.path) } ?? true
        self.userCache = userCache
        hadUserCache = manager.fileExists(atPath: userCache.path)
    }

    /// Removes what the fetch created and left empty or unused.
    func remove() {
        let manager = FileManager.default
        if !hadFoundationCache, let foundationCache { try? manager.removeItem(at: foundationCache) }
        if !hadUserCache, (try? manager.contentsOfDirectory(atPath: userCache.path))?.isEmpty == true {
            try? manager.removeItem(at: userCache)
        }
    }
}
