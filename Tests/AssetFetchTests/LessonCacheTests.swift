import Foundation
import Testing
@testable import AssetFetch

@Suite("LessonCache")
struct LessonCacheTests {
    let home = URL(fileURLWithPath: "/home/learner", isDirectory: true)

    @Test("XDG_CACHE_HOME, when absolute, holds the lesson folder")
    func usesXDGCacheHome() {
        let folder = LessonCache.directory(environment: ["XDG_CACHE_HOME": "/var/cache/me"], home: home)
        #expect(folder.path == "/var/cache/me/lesson")
    }

    @Test("without XDG_CACHE_HOME, or with a relative one, it is ~/.cache/lesson")
    func fallsBackToHome() {
        #expect(LessonCache.directory(environment: [:], home: home).path == "/home/learner/.cache/lesson")
        #expect(LessonCache.directory(environment: ["XDG_CACHE_HOME": "relative/cache"], home: home).path
            == "/home/learner/.cache/lesson")
        #expect(LessonCache.directory(environment: ["XDG_CACHE_HOME": ""], home: home).path
            == "/home/learner/.cache/lesson")
    }
}
