import ArgumentParser

@main
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Run notebook-style lessons as named, cached, re-runnable cells.",
        subcommands: [List.self, Show.self, Run.self, Render.self, Open.self, Clean.self, Fetch.self, Bench.self, Embed.self]
    )
}
