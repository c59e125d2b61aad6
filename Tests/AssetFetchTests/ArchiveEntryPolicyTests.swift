import Testing
@testable import AssetFetch

@Suite("ArchiveEntryPolicy")
struct ArchiveEntryPolicyTests {
    typealias Policy = ArchiveEntryPolicy

    private func rejection(_ policy: inout Policy, _ path: String, _ kind: Policy.Kind) -> String? {
        do {
            _ = try policy.admit(path: path, kind: kind)
            return nil
        } catch let rejection as Policy.Rejection {
            return rejection.reason
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("safe entries are admitted with normalized paths")
    func admitsSafeEntries() throws {
        var policy = Policy()
        #expect(try policy.admit(path: "./", kind: .directory) == .skip)
        #expect(try policy.admit(path: "./photos//daisy/./1.jpg", kind: .regularFile)
            == .extract(path: "photos/daisy/1.jpg", hardLinkTarget: nil))
        #expect(try policy.admit(path: "photos/best", kind: .symbolicLink(target: "./daisy/1.jpg"))
            == .extract(path: "photos/best", hardLinkTarget: nil))
        #expect(try policy.admit(path: "photos/daisy/up", kind: .symbolicLink(target: "../../photos"))
            == .extract(path: "photos/daisy/up", hardLinkTarget: nil))
        #expect(try policy.admit(path: "copy.jpg", kind: .hardLink(target: "./photos/daisy/1.jpg"))
            == .extract(path: "copy.jpg", hardLinkTarget: "photos/daisy/1.jpg"))
    }

    @Test("paths leaving the folder are refused")
    func refusesEscapingPaths() {
        var policy = Policy()
        #expect(rejection(&policy, "../evil", .regularFile) == "contains a \"..\" component")
        #expect(rejection(&policy, "a/b/../../../evil", .directory) == "contains a \"..\" component")
        #expect(rejection(&policy, "/tmp/evil", .regularFile) == "is an absolute path")
        #expect(rejection(&policy, ".", .regularFile) == "names the extraction folder itself")
    }

    @Test("links must stay inside and may not be written through or replaced")
    func refusesEscapingLinks() throws {
        var policy = Policy()
        #expect(rejection(&policy, "etc", .symbolicLink(target: "/etc"))?.contains("absolute path /etc") == true)
        #expect(rejection(&policy, "a/up", .symbolicLink(target: "../..")) != nil)
        #expect(rejection(&policy, "a/odd", .symbolicLink(target: "b/../c")) != nil)  // ".." after a name
        #expect(rejection(&policy, "empty", .symbolicLink(target: "")) == "is a symbolic link with an empty target")
        _ = try policy.admit(path: "self", kind: .symbolicLink(target: "."))
        #expect(rejection(&policy, "self/x", .regularFile) == "has its path going through the symbolic link self")
        #expect(rejection(&policy, "self", .regularFile)?.contains("would replace the symbolic link self") == true)
        #expect(rejection(&policy, "h", .hardLink(target: "self")) == "is a hard link to the symbolic link self")
        #expect(rejection(&policy, "h", .hardLink(target: "self/x"))?
            .contains("through the symbolic link self") == true)
        #expect(rejection(&policy, "h", .hardLink(target: "../x"))?.contains("\"..\"") == true)
        _ = try policy.admit(path: "dir/file", kind: .regularFile)
        #expect(rejection(&policy, "dir", .symbolicLink(target: "."))?.contains("replacing a folder") == true)
        #expect(rejection(&policy, "dev", .unsupported("block device"))
            == "is a block device, which is never extracted")
    }
}
