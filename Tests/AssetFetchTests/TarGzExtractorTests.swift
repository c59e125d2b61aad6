import CArchive
import Foundation
import Testing
import TestSupport
@testable import AssetFetch

@Suite("TarGzExtractor")
struct TarGzExtractorTests {
    /// A scratch layout: `root/archive.tar.gz` and `root/cache/`, extracting into `root/cache/out`.
    struct Scratch {
        let root = SharedFixtures.temporaryDirectory("lesson-extract")
        var archive: URL { root.appendingPathComponent("archive.tar.gz") }
        var cache: URL { root.appendingPathComponent("cache") }
        var destination: URL { cache.appendingPathComponent("out") }

        init() throws {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("cache"),
                                                    withIntermediateDirectories: true)
        }

        func contents(of folder: URL) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        }

        func text(_ path: String) throws -> String {
            try String(contentsOf: destination.appendingPathComponent(path), encoding: .utf8)
        }
    }

    @Test("a good archive is extracted with its files, folders and inside links")
    func extractsGoodArchive() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try TarGzFixture.write([
            .directory("./"),
            .directory("flower_photos/"),
            .file("flower_photos/daisy/1.jpg", "daisy one"),
            .file("./flower_photos//roses/2.jpg", "rose two"),
            .directory("flower_photos/tulips/"),
            .symbolicLink("flower_photos/favourite", target: "daisy/1.jpg"),
            .symbolicLink("flower_photos/tulips/up", target: "../roses"),
            .hardLink("flower_photos/copy.jpg", target: "flower_photos/roses/2.jpg"),
            .file("flower_photos/LICENSE.txt", "CC-BY"),
        ], to: scratch.archive)

        let cwd = FileManager.default.currentDirectoryPath
        let written = try await TarGzExtractor.extract(archive: scratch.archive, into: scratch.destination)

        #expect(written == 8)  // every entry but the archive's root "./"
        #expect(FileManager.default.currentDirectoryPath == cwd)
        #expect(try scratch.text("flower_photos/daisy/1.jpg") == "daisy one")
        #expect(try scratch.text("flower_photos/roses/2.jpg") == "rose two")
        #expect(try scratch.text("flower_photos/LICENSE.txt") == "CC-BY")
        #expect(try scratch.text("flower_photos/favourite") == "daisy one")
        #expect(try scratch.text("flower_photos/tulips/up/2.jpg") == "rose two")
        #expect(try scratch.text("flower_photos/copy.jpg") == "rose two")
        let link = try FileManager.default.destinationOfSymbolicLink(
            atPath: scratch.destination.appendingPathComponent("flower_photos/favourite").path)
        #expect(link == "daisy/1.jpg")
        #expect(scratch.contents(of: scratch.destination.appendingPathComponent("flower_photos"))
            == ["LICENSE.txt", "copy.jpg", "daisy", "favourite", "roses", "tulips"])
        #expect(scratch.contents(of: scratch.cache) == ["out"])  // no temporary sibling left
    }

    /// Archives that try to write outside the folder, each with the entry the error must name.
    static let unsafeArchives: [(label: String, entries: [TarGzFixture.Entry], entry: String, reason: String)] = [
        ("parent path", [.file("ok.txt", "fine"), .file("../evil", "pwned")], "../evil", "\"..\""),
        ("nested parent path", [.file("a/../../evil", "pwned")], "a/../../evil", "\"..\""),
        ("absolute path", [.file(absoluteEvil, "pwned")], absoluteEvil, "absolute"),
        ("symlink to /etc", [.symbolicLink("etc", target: "/etc")], "etc", "/etc"),
        ("symlink climbing out", [.symbolicLink("sub/up", target: "../../evil")], "sub/up", "leaves the folder"),
        ("write through a symlink", [.symbolicLink("here", target: "."), .file("here/x", "x")], "here/x",
         "through the symbolic link here"),
        ("symlink chain escaping", [.symbolicLink("a", target: "."), .symbolicLink("b", target: "a/..")], "b",
         "leaves the folder"),
        ("hard link out", [.hardLink("h", target: "../evil")], "h", "\"..\""),
        ("hard link to /etc/passwd", [.hardLink("p", target: "/etc/passwd")], "p", "absolute"),
        ("FIFO", [.fifo("pipe")], "pipe", "FIFO"),
    ]

    /// An absolute path that no other test or program uses.
    static let absoluteEvil = "/tmp/lesson-fetch-evil-\(UUID().uuidString)"

    @Test("unsafe entries are refused by name and nothing is written", arguments: 0..<unsafeArchives.count)
    func refusesUnsafeEntries(index: Int) async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try await expectRefusal(Self.unsafeArchives[index], in: scratch) {
            try await TarGzExtractor.extract(archive: scratch.archive, into: scratch.destination)
        }
        #expect(scratch.contents(of: scratch.cache).isEmpty, "the cache must be left empty")
    }

    @Test("without a private working directory, absolute paths under the staging folder are just as safe",
          arguments: 0..<unsafeArchives.count)
    func refusesUnsafeEntriesUnderAbsoluteBase(index: Int) async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try FileManager.default.createDirectory(at: scratch.destination, withIntermediateDirectories: true)
        try await expectRefusal(Self.unsafeArchives[index], in: scratch) {
            _ = try TarGzExtractor.extractEntries(of: scratch.archive, under: scratch.destination.path) { _ in }
        }
        #expect(scratch.contents(of: scratch.cache) == ["out"])
    }

    /// Runs `extract` on the archive of `unsafe` and checks the refusal names the entry and
    /// that nothing was written beside the cache, nor at the absolute path.
    private func expectRefusal(_ unsafe: (label: String, entries: [TarGzFixture.Entry], entry: String, reason: String),
                               in scratch: Scratch, _ extract: () async throws -> Void) async throws
    {
        let (label, entries, entry, reason) = unsafe
        try TarGzFixture.write(entries, to: scratch.archive)
        let error = await #expect(throws: FetchError.self, "\(label)") { try await extract() }
        guard case let .unsafeArchiveEntry(archive, named, why)? = error else {
            Issue.record("\(label): expected unsafeArchiveEntry, got \(String(describing: error))")
            return
        }
        #expect(archive == scratch.archive)
        #expect(named == entry, "\(label)")
        #expect(why.contains(reason), "\(label): \(why)")
        #expect(error?.description.contains("\"\(entry)\"") == true)
        #expect(scratch.contents(of: scratch.root) == ["archive.tar.gz", "cache"], "\(label)")
        #expect(!FileManager.default.fileExists(atPath: Self.absoluteEvil))
    }

    @Test("without a private working directory, a good archive is extracted under the absolute base")
    func extractsUnderAbsoluteBase() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try TarGzFixture.write([
            .file("photos/daisy/1.jpg", "daisy one"),
            .symbolicLink("photos/best", target: "daisy/1.jpg"),
            .hardLink("photos/copy.jpg", target: "photos/daisy/1.jpg"),
        ], to: scratch.archive)
        try FileManager.default.createDirectory(at: scratch.destination, withIntermediateDirectories: true)

        let written = try TarGzExtractor.extractEntries(of: scratch.archive, under: scratch.destination.path) { _ in }

        #expect(written == 3)
        #expect(try scratch.text("photos/daisy/1.jpg") == "daisy one")
        #expect(try scratch.text("photos/best") == "daisy one")
        #expect(try scratch.text("photos/copy.jpg") == "daisy one")
        let photos = scratch.destination.appendingPathComponent("photos")
        #expect(scratch.contents(of: photos) == ["best", "copy.jpg", "daisy"])
    }

    @Test("an existing destination is left alone, and the staging folder removed")
    func keepsExistingDestination() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try TarGzFixture.write([.file("new.txt", "new")], to: scratch.archive)
        try FileManager.default.createDirectory(at: scratch.destination, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: scratch.destination.appendingPathComponent("old.txt"))
        let reports = Reports()

        let error = await #expect(throws: FetchError.self) {
            try await TarGzExtractor.extract(archive: scratch.archive, into: scratch.destination) { reports.add($0) }
        }

        guard case let .fileSystem(path, _, _)? = error else {
            Issue.record("expected fileSystem, got \(String(describing: error))")
            return
        }
        #expect(path == scratch.destination)
        #expect(scratch.contents(of: scratch.cache) == ["out"])
        #expect(scratch.contents(of: scratch.destination) == ["old.txt"])
        let archiveSize = try FileManager.default.attributesOfItem(atPath: scratch.archive.path)[.size] as? Int
        #expect(reports.all.last.map(Int.init) == archiveSize)  // compressed bytes read, up to the whole file
    }

    /// Progress values reported from the extraction thread.
    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int64] = []
        func add(_ value: Int64) { lock.withLock { values.append(value) } }
        var all: [Int64] { lock.withLock { values } }
    }

    @Test("libarchive's secure flags are set on every extraction")
    func secureFlags() {
        for flag in [ARCHIVE_EXTRACT_SECURE_NODOTDOT, ARCHIVE_EXTRACT_SECURE_SYMLINKS,
                     ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS]
        {
            #expect(TarGzExtractor.diskOptions & flag == flag)
        }
        #expect(TarGzExtractor.diskOptions & ARCHIVE_EXTRACT_OWNER == 0)
        #expect(TarGzExtractor.prefixedDiskOptions
            == TarGzExtractor.diskOptions & ~ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS)
    }

    @Test("a file that is not a tar.gz fails with the archive named, and leaves nothing")
    func rejectsCorruptArchive() async throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try Data("this is not a gzip stream".utf8).write(to: scratch.archive)

        let error = await #expect(throws: FetchError.self) {
            try await TarGzExtractor.extract(archive: scratch.archive, into: scratch.destination)
        }
        guard case let .archiveFailure(archive, _)? = error else {
            Issue.record("expected archiveFailure, got \(String(describing: error))")
            return
        }
        #expect(archive == scratch.archive)
        #expect(error?.description.contains(scratch.archive.path) == true)
        #expect(scratch.contents(of: scratch.cache).isEmpty)
    }
}
