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

    @Test func givenInputsAreCheckedAgainstTheirDeclaredKind() throws {
        let root = SharedFixtures.temporaryDirectory("fingerprint")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = InputDeclaration(name: "data", meaning: "an image folder: more words", flag: "data", kind: .folder)
        let file = InputDeclaration(name: "weights", meaning: "a checkpoint", flag: "weights", kind: .file)
        #expect(throws: InputError.emptyFolder(root, flag: "data", what: "an image folder")) {
            try InputError.check(root, for: folder)
        }
        let text = root.appendingPathComponent("a.txt")
        try Data().write(to: text)
        #expect(throws: InputError.notAFolder(text, flag: "data", what: "an image folder")) {
            try InputError.check(text, for: folder)
        }
        try InputError.check(root, for: folder)
        try InputError.check(text, for: file)
        #expect(throws: InputError.notAFile(root, flag: "weights", what: "a checkpoint")) {
            try InputError.check(root, for: file)
        }
        #expect("\(InputError.notAFile(root, flag: "weights", what: "a checkpoint"))"
                == "\(root.path) is a folder, not a file. --weights needs a file: a checkpoint.")
    }

    @Test func inputFlagsAreTheLessonsOwn() throws {
        let root = SharedFixtures.temporaryDirectory("flags")
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("1".utf8).write(to: root.appendingPathComponent("a.txt"))
        let lesson = Lesson(number: 9, title: "flags", parameters: [], inputs: [
            InputDeclaration(name: "numbers", meaning: "a folder", flag: "data", kind: .folder),
        ], cells: [CellDeclaration(name: "a", title: "A")], file: root.appendingPathComponent("lesson.toml"))
        #expect(try InputFlags.parse(["--data", root.path], lesson: lesson).mapValues(\.path) == ["numbers": root.path])
        #expect(try InputFlags.parse(["--data=\(root.path)"], lesson: lesson).mapValues(\.path) == ["numbers": root.path])
        #expect(try InputFlags.parse(["--data", root.lastPathComponent], lesson: lesson,
                                     currentDirectory: root.deletingLastPathComponent()).mapValues(\.path)
                == ["numbers": root.path])
        #expect(throws: InputError.unknownFlag("weights", lesson: 9, valid: ["data"])) {
            try InputFlags.parse(["--weights", root.path], lesson: lesson)
        }
        #expect(throws: InputError.repeatedFlag("data")) {
            try InputFlags.parse(["--data", root.path, "--data", root.path], lesson: lesson)
        }
        #expect(throws: InputError.missingValue(flag: "data")) { try InputFlags.parse(["--data"], lesson: lesson) }
        #expect(throws: InputError.unexpectedArgument("stray", lesson: 9, valid: ["data"])) {
            try InputFlags.parse(["stray"], lesson: lesson)
        }
    }

    /// A file rewritten with the same size and its old modification time put back is a changed input.
    @Test func changedContentsChangeTheFingerprintWhateverTheSizeAndTimeSay() throws {
        let root = SharedFixtures.temporaryDirectory("fingerprint-contents")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("a.txt")
        try Data("1 2 3".utf8).write(to: file)
        let time = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        let fingerprinter = Fingerprinter(memoURL: root.appendingPathComponent("memo.json"))
        let folderBefore = try fingerprinter.fingerprint(folder), fileBefore = try fingerprinter.fingerprint(file)
        try Data("1 2 4".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: file.path)
        // A new fingerprinter reads the remembered hashes from disk, as the next run would.
        let next = Fingerprinter(memoURL: root.appendingPathComponent("memo.json"))
        #expect(try next.fingerprint(folder) != folderBefore)
        #expect(try next.fingerprint(file) != fileBefore)
        // Touching a file without changing it keeps a folder's fingerprint.
        try Data("1 2 4".utf8).write(to: file)
        let folderAfter = try next.fingerprint(folder)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)],
                                              ofItemAtPath: file.path)
        #expect(try Fingerprinter(memoURL: nil).fingerprint(folder) == folderAfter)
    }
}
