import ArgumentParser
import Foundation
import LessonKit

extension LessonCommand {
    /// `lesson run N`: runs a lesson's cells, loading what is cached.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a lesson's cells: compute what is not cached, load the rest.",
            discussion: """
            Examples:
              lesson run 62
              lesson run 62 --cell train --set learning_rate=0.01
              lesson run 62 --cell train --downstream
              lesson run 62 --from train
              lesson run 62 --data ~/flower_photos --weights BiT-M-R50x1.npz
              lesson run 61 --cell transfer --data ../shared/data/flowers-sample
            """)

        @OptionGroup var selection: LessonSelection

        @Option(name: .customLong("cell"), help: ArgumentHelp(
            "Run just this cell (repeatable); missing upstream cells are computed first.", valueName: "name"))
        var cells: [String] = []

        @Option(name: .customLong("from"), help: ArgumentHelp("Run this cell and every cell after it.",
                                                               valueName: "name"))
        var from: String?

        @Flag(help: "With --cell, also rerun the cells downstream of it instead of marking them stale.")
        var downstream = false

        @Option(name: .customLong("set"), help: ArgumentHelp(
            "Override a parameter (repeatable); see `lesson show N` for the keys.", valueName: "key=value"))
        var assignments: [String] = []

        @Argument(parsing: .allUnrecognized, help: ArgumentHelp(
            "The lesson's own inputs, as its lesson.toml declares them (`lesson show N` lists them): lessons 61 and "
                + "62 take --data DIR (an image folder with one sub-folder per class) and --weights FILE (a BiT .npz "
                + "checkpoint: lesson 62's backbone; the one lesson 61's transfer cell compares with).",
            valueName: "--input path"))
        var inputArguments: [String] = []

        func validate() throws {
            let lesson = try selection.lesson()
            try selection.checkOutputRoot()
            try RunError.checkCellNames(cells + (from.map { [$0] } ?? []), in: lesson)
            if !cells.isEmpty && from != nil { throw ValidationError(RunError.conflictingSelection.description) }
            if downstream && cells.isEmpty { throw ValidationError("--downstream needs --cell NAME.") }
            let parsed = try assignments.map(ParameterAssignment.init(parsing:))
            try ParameterAssignment.checkUnique(parsed)
            for assignment in parsed { _ = try ResolvedParameters.check(assignment, against: lesson) }
            let given = try InputFlags.parse(inputArguments, lesson: lesson)
            // The output must not land inside a folder the lesson reads (it would read its own figures).
            for (name, url) in given where lesson.inputs.first(where: { $0.name == name })?.kind == .folder {
                try InputChecks.checkOutput(selection.outputRoot, outside: url.path)
            }
        }

        func run() throws {
            let lesson = try selection.lesson()
            let console = Console()
            let cancellation = CancellationFlag()
            let runner = LessonRunner(lesson: lesson, program: try LessonRegistry.program(lesson.number),
                                      store: selection.store, console: console, cancellation: cancellation)
            let request = RunRequest(
                cells: cells, from: from, downstream: downstream,
                assignments: try assignments.map(ParameterAssignment.init(parsing:)),
                inputs: try InputFlags.parse(inputArguments, lesson: lesson))
            let interrupts = InterruptHandler(flag: cancellation, console: console,
                                              onDeadline: { runner.recordForcedInterruption() })
            let outcome: RunOutcome
            do {
                defer { interrupts.disarm() }
                outcome = try withExtendedLifetime(interrupts) { try runner.run(request) }
            } catch is RunInterrupted {
                console.line("Interrupted before any cell ran; nothing was cached or lost.")
                throw ExitCode(130)
            }
            switch outcome {
            case .completed: return
            case .failed: throw ExitCode(1)
            case .interrupted: throw ExitCode(130)
            }
        }
    }
}
