import ArgumentParser

@main
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run notebook-style lessons as named, cached, re-runnable cells.",
        subcommands: [Bench.self, Embed.self]
    )
}
