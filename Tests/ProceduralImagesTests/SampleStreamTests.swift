import ProceduralImages
import Tensors
import Testing

@Suite struct SampleStreamTests {
    @Test func streamsOfClassesAndSamplesNeverCollide() {
        #expect(SampleStream.number(classIndex: 0, sampleIndex: 1) != SampleStream.number(classIndex: 1, sampleIndex: 0))
        #expect(SampleStream.number(classIndex: 1, sampleIndex: 0) == 1 << 40)
        #expect(SampleStream.number(classIndex: 2, sampleIndex: 5) == 2 << 40 | 5)
    }

    @Test func generatorIsTheDerivedStreamOfTheSeed() {
        var shared = SampleStream.generator(seed: 11, classIndex: 3, sampleIndex: 4)
        var direct = SeededGenerator.derived(seed: 11, stream: 3 << 40 | 4)
        #expect((0..<4).map { _ in shared.next() } == (0..<4).map { _ in direct.next() })
        var swapped = SampleStream.generator(seed: 11, classIndex: 4, sampleIndex: 3)
        var original = SampleStream.generator(seed: 11, classIndex: 3, sampleIndex: 4)
        #expect(swapped.next() != original.next())
    }
}
