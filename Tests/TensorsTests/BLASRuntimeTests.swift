import Testing
@testable import Tensors

@Suite struct BLASRuntimeTests {
    @Test func coreTypeFollowsCPUFeatures() {
        #expect(BLASRuntime.coreTypeForCPUFlags(["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx2", "fma"])
                == "SkylakeX")
        #expect(BLASRuntime.coreTypeForCPUFlags(["avx2", "fma", "avx512f"]) == "Haswell")
        #expect(BLASRuntime.coreTypeForCPUFlags(["sse4_2"]) == nil)
    }

    @Test func kernelsAreNotTheGenericFallback() {
        #expect(BLASRuntime.coreName.lowercased() != "prescott" || BLASRuntime.coreTypeForCPUFlags([]) == nil)
    }
}
