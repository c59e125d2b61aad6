import Testing
@testable import Tensors

@Suite struct BLASRuntimeTests {
    @Test func coreTypeFollowsCPUFeatures() {
        #expect(BLASRuntime.coreTypeForCPUFlags(["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"])
                == "SkylakeX")
        #expect(BLASRuntime.coreTypeForCPUFlags(["avx2", "fma", "avx512f"]) == "Haswell")
        #expect(BLASRuntime.coreTypeForCPUFlags(["sse4_2"]) == nil)
    }

    #if os(Linux)
    @Test func kernelsMatchTheCPUNotTheGenericFallback() {
        // On a CPU with AVX2 or AVX-512, OpenBLAS must not run its SSE3 "Prescott" kernels.
        let capable = BLASRuntime.coreTypeForCPUFlags(BLASRuntime.cpuFlags()) != nil
        #expect(!capable || BLASRuntime.coreName.lowercased() != "prescott")
    }
    #endif
}
