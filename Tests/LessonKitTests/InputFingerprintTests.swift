import Foundation
import LessonKit
import TestSupport
import Testing

@Suite struct InputFingerprintTests {
    @Test func folderFingerprintFollowsFileListAndSizesNotLocation() throws {
        let root = SharedFixtures.temporaryDirectory("fingerprint")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("one")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("roses"),
                                                withIntermediateDirectories: true)
        try Data("abc".utf8).write(to: folder.appendingPathComponent("roses/1.jpg"))
        let fingerprinter = Fingerprinter(memoURL: nil)
        let first = try fingerprinter.fingerprint(folder)
        #expect(first.summary == "1 files, 3 B")

        let moved = root.appendingPathComponent("two")
        try FileManager.default.moveItem(at: folder, to: moved)
        #expect(try fingerprinter.fingerprint(moved) == first)

        try Data("abcd".utf8).write(to: moved.appendingPathComponent("roses/1.jpg"))
        #expect(try fingerprinter.fingerprint(moved).digest != first.digest)
    }

    @Test func fileHashIsRememberedForItsSizeAndTime() throws {
        let root = SharedFixtures.temporaryDirectory("fingerprint")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("weights.npz")
        try Data("weights".utf8).write(to: file)
        let memo = root.appendingPathComponent("memo.json")
        let fingerprint = try Fingerprinter(memoURL: memo).fingerprint(file)
        // SHA-256 of "weights".
        #expect(fingerprint.summary == "7 B, sha256 9a129038d9a0")
        let stored = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: memo))
        #expect(stored.count == 1)
        #expect(try Fingerprinter(memoURL: memo).fingerprint(file) == fingerprint)
    }

    @Test func missingInputIsAnErrorNamingIt() {
        let url = URL(fileURLWithPath: "/nonexistent/flowers")
        #expect(throws: InputError.missing(url)) { try Fingerprinter(memoURL: nil).fingerprint(url) }
        #expect(InputError.missing(url).description == "/nonexistent/flowers does not exist. Check the path you passed.")
    }

    @Test func dataFolderChecks() throws {
        let root = SharedFixtures.temporaryDirectory("fingerprint")
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: InputError.emptyFolder(root)) { try InputError.checkDataFolder(root) }
        let file = root.appendingPathComponent("a.txt")
        try Data().write(to: file)
        #expect(throws: InputError.notAFolder(file)) { try InputError.checkDataFolder(file) }
        try InputError.checkDataFolder(root)
        #expect(throws: InputError.notAFile(root)) { try InputError.checkWeightsFile(root) }
    }
}
