import Foundation
import TestSupport

/// Runs the built `lesson` executable (`.build/debug/lesson`) on the repository's lessons,
/// with its output and user cache in a fresh temporary folder.
final class LessonBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static let executable = SharedFixtures.repositoryRoot.appendingPathComponent(".build/debug/lesson")
    static var built: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    let root = SharedFixtures.temporaryDirectory("lesson-cli")
    var output: URL { root.appendingPathComponent("output") }
    var lessons: URL { SharedFixtures.repositoryRoot.appendingPathComponent("lessons") }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// A process for `arguments`, not started; `--lessons` is added after the subcommand.
    func process(_ arguments: [String]) -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = Array(arguments.prefix(1)) + ["--lessons", lessons.path] + Array(arguments.dropFirst())
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = root.appendingPathComponent("cache").path
        environment["CI"] = "true"
        environment.removeValue(forKey: "DISPLAY")
        environment.removeValue(forKey: "WAYLAND_DISPLAY")
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        return (process, stdout, stderr)
    }

    /// Runs `lesson ARGUMENTS` to the end.
    func run(_ arguments: String...) throws -> Result {
        let (process, stdout, stderr) = process(arguments)
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    /// The text of `output/<lesson>/<name>`.
    func outputFile(_ name: String, lesson: Int = 0) -> String? {
        try? String(contentsOf: output.appendingPathComponent("\(lesson)/\(name)"), encoding: .utf8)
    }

    /// The complete state folders of `cell` of lesson 0.
    func states(_ cell: String) -> [String] {
        let folder = output.appendingPathComponent("0/.cache/\(cell)")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }
}
