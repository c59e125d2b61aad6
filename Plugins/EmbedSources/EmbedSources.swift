import PackagePlugin

/// A build-tool plugin that compiles every `.swift` file of a lesson module into the module
/// itself, as `EmbeddedSources.files`: path from the package root, exact text and SHA-256.
/// The notebook views show each cell's code from it, so an installed binary with no checkout
/// shows the code it was built from.
///
/// Every source file is a declared input of the command, so SwiftPM regenerates the file
/// whenever one of them changes; an added or removed file changes the command's arguments,
/// which reruns it too.
@main
struct EmbedSources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let sources = module.sourceFiles(withSuffix: "swift").map(\.path)
            .sorted { $0.string < $1.string }
        let output = context.pluginWorkDirectory.appending("EmbeddedSources.swift")
        return [
            .buildCommand(
                displayName: "Embedding the sources of \(target.name)",
                executable: try context.tool(named: "EmbedSourcesTool").path,
                arguments: [context.package.directory.string, output.string] + sources.map(\.string),
                inputFiles: sources,
                outputFiles: [output]),
        ]
    }
}
