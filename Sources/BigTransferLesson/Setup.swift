import Foundation
import LessonKit

/// Cell 1. Every random choice of the lesson is drawn from generators derived from one seed,
/// as the Keras example's `keras.utils.set_random_seed(seed)`.
struct Setup: Cell {
    @Parameter var seed: Int

    func run(_ context: CellContext) throws -> Machine {
        let machine = Machine(seed: seed, cores: ProcessInfo.processInfo.activeProcessorCount)
        context.fact("seed", seed)
        context.fact("cores", machine.cores)
        context.summary.table(headers: ["setting", "value"], rows: [
            ["seed", "\(seed)"],
            ["CPU cores used", "\(machine.cores)"],
            ["engine", "lesson's own CPU engine (OpenBLAS GEMM, NHWC float32)"],
        ])
        return machine
    }
}

/// The seed and the machine the run used.
struct Machine: Codable, Equatable {
    var seed: Int
    var cores: Int
}
