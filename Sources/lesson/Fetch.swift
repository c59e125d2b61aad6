import ArgumentParser
import AssetFetch
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson fetch N`: downloads the assets lesson N declares (`[[assets]]`) into the user cache,
    /// where the lesson's input resolution finds them on the next `lesson run N`.
    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Download a lesson's real data and weights (declared in its lesson file) into the user cache.",
            discussion: """
            Assets go to $XDG_CACHE_HOME/lesson, else ~/.cache/lesson; `lesson run N` then uses them. \
            An interrupted download resumes where it stopped on the next fetch. Each download is checked \
            against its SHA-256, or, when the lesson file publishes none, its sum is recorded beside it \
            and later fetches check the file against that record.

            Examples:
              lesson fetch 62
              lesson fetch 62 --only BiT-M-R50x1
            """)

        @Argument(help: "The lesson number (see `lesson list`).")
        var number: Int

        @OptionGroup var lessons: LessonsOptions

        @Option(help: ArgumentHelp("Fetch only the asset with this name.", valueName: "name"))
        var only: String?

        @Option(help: ArgumentHelp("Seconds to wait for a connection, or for the next byte of a download.",
                                   valueName: "seconds"))
        var timeout: Double = 10

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds.") }
        }

        func run() throws {
            let lesson = try lessons.catalog().lesson(number)
            let output = TransferBar(interactive: Console().isInteractive)
            guard !lesson.assets.isEmpty else {
                output.line("Lesson \(number) declares no assets to download: it runs on what it has.")
                return
            }
            let declarations = try selected(from: lesson)
            let cache = UserCache.directory
            let leftovers = FetchLeftovers(userCache: cache)
            defer { leftovers.remove() }
            let fetcher = AssetFetcher(cacheDirectory: cache, connectTimeout: timeout)
            let count = declarations.count == 1 ? "1 asset" : "\(declarations.count) assets"
            output.line("Fetching \(count) of lesson \(number) (\(lesson.title)) into \(cache.path)")
            for declaration in declarations {
                let asset = try Self.asset(declaration, lessonFile: lesson.file)
                output.line("")
                output.line("\(asset.name): \(asset.url.absoluteString)")
                let started = Date()
                let result: FetchResult
                do {
                    result = try AsyncBridge.wait { try await fetcher.fetch(asset) { output.update($0) } }
                } catch {
                    output.finish()
                    throw error
                }
                output.finish()
                for text in Self.report(result, of: declaration, seconds: Date().timeIntervalSince(started)) {
                    output.line(text)
                }
            }
            output.line("")
            output.line("Done. `lesson run \(number)` now uses the fetched assets (--data / --weights still take "
                + "precedence).")
        }

        /// The declarations to fetch: all, or the one `--only` names.
        private func selected(from lesson: Lesson) throws -> [AssetDeclaration] {
            guard let only else { return lesson.assets }
            guard let match = lesson.assets.first(where: { $0.name == only }) else {
                throw ValidationError("lesson \(number) declares no asset '\(only)'. Its assets: "
                    + lesson.assets.map(\.name).joined(separator: ", ") + ".")
            }
            return [match]
        }

        /// The fetcher's view of a lesson file's declaration.
        static func asset(_ declaration: AssetDeclaration, lessonFile: URL) throws -> Asset {
            guard let url = URL(string: declaration.url), let kind = Asset.Kind(rawValue: declaration.kind) else {
                throw CommandError(description: "\(lessonFile.path): asset '\(declaration.name)' has an unusable "
                    + "url or kind (\(declaration.url), \(declaration.kind)). Fix its [[assets]] entry.")
            }
            return Asset(name: declaration.name, url: url, sizeInBytes: declaration.size, sha256: declaration.sha256,
                         kind: kind, destination: declaration.destination)
        }

        /// Where the asset landed, which input it provides, and how its bytes were checked.
        static func report(_ result: FetchResult, of declaration: AssetDeclaration, seconds: TimeInterval) -> [String] {
            let landing = result.wasAlreadyInstalled ? "already installed in" : "installed in"
            var lines = ["  \(landing) \(result.location.path)",
                         "  provides the lesson's input '\(declaration.input)'"]
            if result.bytesDownloaded > 0 {
                let resumed = result.resumedFromByte > 0
                    ? ", resumed after \(TransferBar.megabytes(result.resumedFromByte))" : ""
                lines.append("  downloaded \(TransferBar.megabytes(result.bytesDownloaded)) in "
                    + "\(Format.duration(seconds))\(resumed)")
            }
            switch result.checksum {
            case .notRechecked:
                break
            case .declared:
                lines.append("  SHA-256 matches the lesson file")
            case let .recordedOnFirstUse(sha256, record):
                lines.append("  the lesson file gives no SHA-256 for \(declaration.name); this download's is")
                lines.append("    \(sha256)")
                lines.append("  recorded in \(record.path): later fetches check the file against it")
            case let .matchedRecord(sha256, record):
                lines.append("  SHA-256 \(sha256) still matches the sum recorded in \(record.path) "
                    + "(the lesson file gives none)")
            }
            return lines
        }
    }
}

/// Runs an async body to completion from synchronous code (the commands are `ParsableCommand`s).
enum AsyncBridge {
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task.detached {
            do {
                box.result = .success(try await body())
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Written by the task before `signal`, read after `wait`: the semaphore orders the two.
    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }
}
