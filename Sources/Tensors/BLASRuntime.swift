import CBLAS
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One-time setup of the BLAS library the GEMMs run on.
///
/// Two facts about OpenBLAS on Linux shape this:
/// - The engine splits work over its own threads and calls BLAS inside each
///   worker, so BLAS itself runs single-threaded (`openblas_set_num_threads(1)`);
///   two thread pools on two cores would only preempt each other. Measured on the
///   R50 GEMM shapes, two single-threaded GEMMs on halves of the rows run as fast as
///   one two-threaded GEMM, and the engine's split also parallelizes the im2col gathers
///   and normalizations that sit between the GEMMs of a tile.
/// - A DYNAMIC_ARCH OpenBLAS that does not recognise the CPU (0.3.21, as in Debian 12,
///   predates Sapphire/Emerald Rapids and Zen 4's AVX-512) falls back to the
///   "Prescott" SSE3 kernels, 3-4x slower. `OPENBLAS_CORETYPE` selects a kernel
///   set, but it is read when the library initializes; OpenBLAS exports
///   `gotoblas_dynamic_quit`/`gotoblas_dynamic_init`, so the engine re-selects the
///   kernels from the CPU's features before its first BLAS call, unless the user
///   set `OPENBLAS_CORETYPE` themselves.
public enum BLASRuntime {
    /// The BLAS kernel set in use (for reports), e.g. "SkylakeX".
    public static var coreName: String {
        prepare()
        return String(cString: openblas_get_corename())
    }

    /// Performs the setup once; every GEMM entry point calls it.
    public static func prepare() { _ = prepared }

    private static let prepared: Void = {
        #if os(Linux)
        selectKernelsForThisCPU()
        #endif
        openblas_set_num_threads(1)
    }()

    #if os(Linux)
    private typealias Hook = @convention(c) () -> Void

    private static func selectKernelsForThisCPU() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              String(cString: openblas_get_corename()).lowercased() == "prescott",
              let core = coreTypeForCPUFlags(cpuFlags()),
              let handle = dlopen(nil, RTLD_NOW),
              let quit = dlsym(handle, "gotoblas_dynamic_quit"),
              let initialize = dlsym(handle, "gotoblas_dynamic_init") else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        unsafeBitCast(quit, to: Hook.self)()
        unsafeBitCast(initialize, to: Hook.self)()
        unsetenv("OPENBLAS_CORETYPE")
    }

    /// The CPU feature flags from `/proc/cpuinfo` (empty when unreadable).
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
    #endif

    /// The OpenBLAS core type whose kernels this CPU can run, best first.
    static func coreTypeForCPUFlags(_ flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }
}
