import Foundation
import LessonKit
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `--data` and `--weights` are checked for what they are before anything reads them.
@Suite struct InputErrorTests {
    static let weights = InputDeclaration(name: "weights", meaning: "a checkpoint", flag: "weights", kind: .file)
    static let data = InputDeclaration(name: "data", meaning: "a folder", flag: "data", kind: .folder)

    @Test func aPipeOrADeviceIsNotAWeightsFile() throws {
        let folder = SharedFixtures.temporaryDirectory("input-kinds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("w.npz")
        try #require(mkfifo(fifo.path, 0o600) == 0)
        #expect(throws: InputError.notARegularFile(fifo, kind: "a pipe (FIFO)", flag: "--weights")) {
            try InputError.check(fifo, for: Self.weights)
        }
        let zero = URL(fileURLWithPath: "/dev/zero")
        #expect(throws: InputError.notARegularFile(zero, kind: "a character device", flag: "--weights")) {
            try InputError.check(zero, for: Self.weights)
        }
    }

    @Test func aLinkLoopIsNamedAsOne() throws {
        let folder = SharedFixtures.temporaryDirectory("input-loop")
        defer { try? FileManager.default.removeItem(at: folder) }
        let loop = folder.appendingPathComponent("loop")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop")
        #expect(throws: InputError.linkLoop(loop)) { try InputError.check(loop, for: Self.data) }
        #expect(throws: InputError.linkLoop(loop)) { try InputError.check(loop, for: Self.weights) }
        #expect(!InputError.linkLoop(loop).description.contains("256"))
    }

    /// Arguments reach the program decoded as UTF-8, a byte that is not becoming U+FFFD: such a
    /// name cannot be found again, and "does not exist" would send the learner looking for it.
    @Test func aNameThatWasNotUTF8IsNotCalledMissing() {
        let url = URL(fileURLWithPath: "/tmp/ros\u{FFFD}.npz")
        #expect(throws: InputError.invalidName(url)) { try InputError.check(url, for: Self.weights) }
        #expect(InputError.invalidName(url).description.contains("not UTF-8"))
        let plain = URL(fileURLWithPath: "/nonexistent/roses.npz")
        #expect(throws: InputError.missing(plain)) { try InputError.check(plain, for: Self.weights) }
    }
}
