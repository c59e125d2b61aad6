import Foundation
import Testing
import LessonKit

@Suite("UserCache")
struct UserCacheTests {
    let home = URL(fileURLWithPath: "/home/learner", isDirectory: true)

    @Test("XDG_CACHE_HOME, when absolute, holds the lesson folder")
    func usesXDGCacheHome() {
        let folder = UserCache.directory(environment: ["XDG_CACHE_HOME": "/var/cache/me"], home: home)
        #expect(folder.path == "/var/cache/me/lesson")
    }

    @Test("without XDG_CACHE_HOME, or with a relative one, it is ~/.cache/lesson")
    func fallsBackToHome() {
        #expect(UserCache.directory(environment: [:], home: home).path == "/home/learner/.cache/lesson")
        #expect(UserCache.directory(environment: ["XDG_CACHE_HOME": "relative/cache"], home: home).path
            == "/home/learner/.cache/lesson")
        #expect(UserCache.directory(environment: ["XDG_CACHE_HOME": ""], home: home).path
            == "/home/learner/.cache/lesson")
    }
}
