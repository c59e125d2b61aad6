import Foundation
import Testing
import Tensors
@testable import BiT

@Suite struct ForwardBenchmarkTests {
    @Test func reportIsConsistentAndEncodesTheHeadlineField() throws {
        let model = try ResNetV2(architecture: ResNetV2Architecture(blockUnits: [1, 1], widthFactor: 1))
        let report = ForwardBenchmark.run(model: model, imageSize: 32, batch: 2, threads: 2, repeats: 3, probeSize: 128)
        #expect(report.runSeconds.count == 3)
        #expect(report.secondsPerBatch == report.runSeconds.sorted()[1])
        #expect(abs(report.imagesPerSecond - 2 / report.secondsPerBatch) < 1e-9)
        #expect(report.multiplyAddsPerImage == Double(model.multiplyAdds(batch: 1, height: 32, width: 32)))
        #expect(abs(report.achievedGflops - 2 * report.multiplyAddsPerImage * report.imagesPerSecond / 1e9) < 1e-9)
        #expect(report.gemmProbeGflops > 0 && report.peakMemoryBytes > 0)
        #expect(Set(report.operationSeconds.keys) == Set(OperationKind.allCases.map(\.rawValue)))
        #expect(report.operationSeconds["convolution"]! > 0)
        #expect(!model.timer.isEnabled)

        let object = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
        let headline = try #require(object?["images_per_second"] as? Double)
        #expect(abs(headline - report.imagesPerSecond) <= 1e-9 * headline)
        #expect(object?["cpu_seconds_per_batch"] != nil && object?["peak_memory_bytes"] != nil)
        #expect(report.summary.contains("images/s") && report.summary.contains("convolution"))
    }
}
