import Foundation
import Testing
import TestSupport
import Tensors
@testable import ImagePipeline
#if canImport(Glibc)
import Glibc
#endif

/// Odd folders a learner may pass as `--data`: names that are not UTF-8, links at the root,
/// link loops, broken links, FIFOs, unreadable folders. Each is an error naming it, or a
/// listing without it that says so in `skippedOther`; never a silent drop of images.
@Suite struct FolderWalkTests {
    /// Creates an entry whose name is given as raw bytes (so it may be invalid UTF-8).
    static func path(_ folder: URL, _ name: [UInt8]) -> [CChar] {
        (Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
    }

    static func touch(_ folder: URL, _ name: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not decoded while listing".utf8).write(to: folder.appendingPathComponent(name))
    }

    static let latin1Roses: [UInt8] = Array("ros".utf8) + [0xE9] + Array("s".utf8)  // "rosés" in Latin-1

    @Test func aClassFolderWhoseNameIsNotUTF8IsAnErrorNamingIt() throws {
        let root = SharedFixtures.temporaryDirectory("walk-latin1")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.touch(root.appendingPathComponent("daisy"), "1.jpg")
        try Self.touch(root.appendingPathComponent("tulips"), "1.jpg")
        try #require(mkdir(Self.path(root, Self.latin1Roses), 0o755) == 0)
        #expect(throws: ImageFolderError.invalidName(folder: root.path, name: "ros\\xE9s")) {
            try ImageFolderDataset(root: root)
        }
        #expect("\(ImageFolderError.invalidName(folder: root.path, name: "ros\\xE9s"))".contains("convmv"))
    }

    @Test func anImageWhoseNameIsNotUTF8IsAnErrorAndOtherFilesAreCounted() throws {
        let root = SharedFixtures.temporaryDirectory("walk-latin1-file")
        defer { try? FileManager.default.removeItem(at: root) }
        let daisy = root.appendingPathComponent("daisy")
        try Self.touch(daisy, "1.jpg")
        try Self.touch(root.appendingPathComponent("tulips"), "1.jpg")
        // A note with a Latin-1 name is skipped and counted, as any other non-image file.
        let note = (Array("caf".utf8) + [0xE9] + Array(".txt".utf8) + [0]).map { CChar(bitPattern: $0) }
        let notePath = Self.path(daisy, Array(note.dropLast().map { UInt8(bitPattern: $0) }))
        let fd = open(notePath, O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        close(fd)
        let listing = try ImageFolderDataset(root: root)
        #expect(listing.count == 2 && listing.skippedOther == 1)
        // An image with such a name is an error: it would be lost from the training set.
        let image = Self.path(daisy, Self.latin1Roses + Array(".jpg".utf8))
        let imageFD = open(image, O_CREAT | O_WRONLY, 0o644)
        try #require(imageFD >= 0)
        close(imageFD)
        #expect(throws: ImageFolderError.invalidName(folder: daisy.path, name: "ros\\xE9s.jpg")) {
            try ImageFolderDataset(root: root)
        }
    }

    @Test func aLinkToAFolderAtTheRootIsNotAClass() throws {
        let root = SharedFixtures.temporaryDirectory("walk-selfclass")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.touch(root.appendingPathComponent("daisy"), "1.jpg")
        try Self.touch(root.appendingPathComponent("tulips"), "2.jpg")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("selfclass").path,
                                                   withDestinationPath: ".")
        let listing = try ImageFolderDataset(root: root)
        #expect(listing.classNames == ["daisy", "tulips"])
        #expect(listing.count == 2)
        #expect(listing.skippedOther == 1)
        #expect(listing.linksNotFollowed == ["selfclass"])
    }

    @Test func linkLoopsAndBrokenLinksNamedLikeImagesAreErrors() throws {
        let root = SharedFixtures.temporaryDirectory("walk-links")
        defer { try? FileManager.default.removeItem(at: root) }
        let daisy = root.appendingPathComponent("daisy")
        try Self.touch(daisy, "1.jpg")
        try Self.touch(root.appendingPathComponent("tulips"), "2.jpg")
        let loop = daisy.appendingPathComponent("loop.jpg")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop.jpg")
        #expect(throws: ImageFolderError.linkLoop(path: loop.path)) { try ImageFolderDataset(root: root) }
        try FileManager.default.removeItem(at: loop)
        let broken = daisy.appendingPathComponent("gone.png")
        try FileManager.default.createSymbolicLink(atPath: broken.path, withDestinationPath: "nowhere.png")
        #expect(throws: ImageFolderError.brokenLink(path: broken.path)) { try ImageFolderDataset(root: root) }
        #expect("\(ImageFolderError.brokenLink(path: broken.path))".contains(broken.path))
        // A loop at the root is named as such, not as a missing folder.
        let rootLoop = root.appendingPathComponent("root-loop")
        try FileManager.default.createSymbolicLink(atPath: rootLoop.path, withDestinationPath: "root-loop")
        #expect(throws: ImageFolderError.linkLoop(path: rootLoop.path)) { try ImageFolderDataset(root: rootLoop) }
    }

    @Test func aFIFONamedLikeAnImageIsSkippedNotRead() throws {
        let root = SharedFixtures.temporaryDirectory("walk-fifo")
        defer { try? FileManager.default.removeItem(at: root) }
        let daisy = root.appendingPathComponent("daisy")
        try Self.touch(daisy, "1.jpg")
        try Self.touch(root.appendingPathComponent("tulips"), "2.jpg")
        try #require(mkfifo(daisy.appendingPathComponent("pipe.jpg").path, 0o600) == 0)
        let listing = try ImageFolderDataset(root: root)
        #expect(listing.items.map(\.url.lastPathComponent) == ["1.jpg", "2.jpg"])
        #expect(listing.skippedOther == 1)
    }

    /// `opendir`'s errors become the folder's own messages (root bypasses permissions, so the
    /// mapping is checked directly; the next test checks a real folder when not root).
    @Test func folderErrorsNameTheCause() {
        #expect(FolderListing.error(errno: EACCES, path: "/d/roses")
                    == .unreadableFolder(path: "/d/roses", reason: "permission denied"))
        #expect(FolderListing.error(errno: ELOOP, path: "/d/roses") == .linkLoop(path: "/d/roses"))
        #expect(FolderListing.error(errno: ENOENT, path: "/d/roses") == .notAFolder(path: "/d/roses"))
        #expect(!"\(ImageFolderError.unreadableFolder(path: "/d/roses", reason: "permission denied"))"
            .contains("not a folder"))
    }

    @Test(.enabled(if: geteuid() != 0, "skipped: running as root, which reads any folder whatever its mode"))
    func anUnreadableClassFolderIsNotCalledMissing() throws {
        let root = SharedFixtures.temporaryDirectory("walk-unreadable")
        defer {
            chmod(root.appendingPathComponent("roses").path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        try Self.touch(root.appendingPathComponent("daisy"), "1.jpg")
        let roses = root.appendingPathComponent("roses")
        try Self.touch(roses, "2.jpg")
        try #require(chmod(roses.path, 0o000) == 0)
        #expect(throws: ImageFolderError.unreadableFolder(path: roses.path, reason: "permission denied")) {
            try ImageFolderDataset(root: root)
        }
    }

    /// Random trees of odd names, links, FIFOs and nested folders, bounded and seeded: the
    /// listing equals the model's (every image file, in Keras' order) or the model's error.
    @Test func randomTreesListExactlyTheirImagesOrTheRightError() throws {
        var random = SeededGenerator(seed: 24)
        let names = ["a b.jpg", "ü.png", "new\nline.jpg", "x.JPG", "-dash.jpeg", "日本.jpg", "z.jpg.txt", "noext",
                     "späce folder", "%20.png", "back\\slash.jpg", "😀.png"]
        for trial in 0..<30 {
            let root = SharedFixtures.temporaryDirectory("walk-fuzz")
            defer { try? FileManager.default.removeItem(at: root) }
            var expected: [String] = [], expectedError: ImageFolderError?
            for classIndex in 0..<Int.random(in: 1...3, using: &random) {
                let className = "c\(classIndex)" + (Bool.random(using: &random) ? " ✿" : "")
                var classImages: [String] = []
                var folders: [(URL, String)] = [(root.appendingPathComponent(className), className)]
                try FileManager.default.createDirectory(at: folders[0].0, withIntermediateDirectories: true)
                var index = 0
                while index < folders.count {
                    let (folder, relative) = folders[index]
                    index += 1
                    for _ in 0..<Int.random(in: 0...5, using: &random) {
                        let name = names.randomElement(using: &random)!
                        let url = folder.appendingPathComponent(name)
                        var status = stat()
                        guard lstat(url.path, &status) != 0 else { continue }  // taken (a link counts too)
                        let isImage = ImageFolderDataset.imageExtensions.contains(url.pathExtension.lowercased())
                        switch Int.random(in: 0..<7, using: &random) {
                        case 0 where folders.count < 4:
                            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                            folders.append((url, relative + "/" + name))
                        case 1:
                            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "..")
                        case 2:
                            try #require(mkfifo(url.path, 0o600) == 0)
                        case 3:
                            try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: name)
                            if isImage && expectedError == nil { expectedError = .linkLoop(path: url.path) }
                        default:
                            try Data([1]).write(to: url)
                            if isImage { classImages.append(relative + "/" + name) }
                        }
                    }
                }
                if classImages.isEmpty && expectedError == nil {
                    expectedError = .emptyClass(name: className, path: root.appendingPathComponent(className).path)
                }
                expected += classImages
            }
            do {
                let listing = try ImageFolderDataset(root: root)
                #expect(expectedError == nil, "trial \(trial): listed, expected \(String(describing: expectedError))")
                let prefix = root.path + "/"
                #expect(Set(listing.items.map { String($0.url.path.dropFirst(prefix.count)) }) == Set(expected),
                        "trial \(trial)")
            } catch let error as ImageFolderError {
                // Several problems: the walk reports the first it meets, which must be one of the kinds planted.
                switch (error, expectedError) {
                case (.linkLoop, .linkLoop?), (.emptyClass, .emptyClass?), (.linkLoop, .emptyClass?),
                     (.emptyClass, .linkLoop?):
                    #expect("\(error)".contains(root.path), "trial \(trial)")
                default:
                    Issue.record("trial \(trial): \(error), expected \(String(describing: expectedError))")
                }
            }
        }
    }
}
