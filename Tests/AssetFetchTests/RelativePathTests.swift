import Testing
@testable import AssetFetch

@Suite("RelativePath")
struct RelativePathTests {
    @Test("components drop empty and dot parts")
    func components() {
        #expect(RelativePath.components(of: "./a//b/./c/") == ["a", "b", "c"])
        #expect(RelativePath.components(of: "./").isEmpty)
    }

    @Test("problems name absolute paths and parent components")
    func problems() {
        #expect(RelativePath.problem(with: "a/b.txt") == nil)
        #expect(RelativePath.problem(with: "a..b/c") == nil)  // ".." only as a whole component
        #expect(RelativePath.problem(with: "/etc/passwd") == "is an absolute path")
        #expect(RelativePath.problem(with: "a/../b") == "contains a \"..\" component")
    }

    @Test("link targets resolve with leading climbs only, never above the root")
    func resolvesLinkTargets() {
        #expect(RelativePath.resolve(linkTarget: "c.txt", from: ["a", "b"]) == ["a", "b", "c.txt"])
        #expect(RelativePath.resolve(linkTarget: "../../x", from: ["a", "b"]) == ["x"])
        #expect(RelativePath.resolve(linkTarget: "../../../x", from: ["a", "b"]) == nil)
        #expect(RelativePath.resolve(linkTarget: "x/../y", from: ["a"]) == nil)
        #expect(RelativePath.resolve(linkTarget: "/x", from: []) == nil)
        #expect(RelativePath.resolve(linkTarget: ".", from: []) == [])
    }
}
