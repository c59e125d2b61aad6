import Tensors
import Testing
@testable import BiT

@Suite struct ResNetV2ArchitectureTests {
    static let configs: [ResNetV2Config] = [
        .r50x1, ResNetV2Config(blockUnits: [1, 1], widthFactor: 1), ResNetV2Config(blockUnits: [2, 1, 3], widthFactor: 2),
    ]

    @Test(arguments: configs)
    func layoutIsTheCheckpointLayout(_ config: ResNetV2Config) {
        let architecture = ResNetV2Architecture(config)
        let mine = architecture.layout(headClasses: 7)
        let official = BiTCheckpoint.layout(config: config, headClasses: 7)
        #expect(mine.map(\.key) == official.map(\.key))
        #expect(mine.map(\.shape) == official.map(\.shape))
        #expect(architecture.resNetV2Config == config)
        #expect(architecture.featureCount == config.featureCount)
    }

    @Test func randomArraysAreDrawnLikeTheCheckpointGenerator() {
        let config = ResNetV2Config(blockUnits: [1, 1], widthFactor: 1)
        let mine = ResNetV2Architecture(config).randomArrays(headClasses: 3, seed: 9)
        #expect(mine == BiTCheckpoint.randomArrays(config: config, headClasses: 3, seed: 9))
        let zeroHead = ResNetV2Architecture(config).randomArrays(headClasses: 3, seed: 9, zeroHead: true)
        #expect(zeroHead[BiTCheckpoint.headKernelKey]!.scalars.allSatisfy { $0 == 0 })
        #expect(zeroHead[BiTCheckpoint.rootKernelKey] == mine[BiTCheckpoint.rootKernelKey])
    }

    @Test func miniatureWidths() {
        let mini = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
        #expect(mini.isValid)
        #expect(mini.resNetV2Config == ResNetV2Config(blockUnits: [1, 1], rootChannels: 32))
        #expect(ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32, groups: 16).resNetV2Config == nil)
        #expect(ResNetV2Architecture(mini.resNetV2Config!) == mini)
        #expect(mini.middleChannels(block: 1) == 64 && mini.featureCount == 256)
        #expect(mini.layout(headClasses: 2).first!.shape == [7, 7, 3, 32])
        #expect(!ResNetV2Architecture(blockUnits: [1], rootChannels: 48).isValid)  // 48 channels in 32 groups
        #expect(!ResNetV2Architecture(blockUnits: [], rootChannels: 32).isValid)
    }

    @Test func configurationsOfAnyMultipleOf32RootChannels() {
        let mini = ResNetV2Config(blockUnits: [1, 1], rootChannels: 32)
        #expect(mini.isValid && mini.widthFactor == 0)
        #expect(mini.middleChannels(block: 1) == 64 && mini.featureCount == 256)
        #expect(mini.description == "ResNetV2(blockUnits: [1, 1], rootChannels: 32)")
        #expect(ResNetV2Config(blockUnits: [3, 4, 6, 3], rootChannels: 64) == .r50x1)
        #expect(ResNetV2Config.r152x4.rootChannels == 256 && ResNetV2Config.r152x4.widthFactor == 4)
        #expect(ResNetV2Config.r50x3.description == "R50x3")
        #expect(!ResNetV2Config(blockUnits: [1], rootChannels: 48).isValid)
        #expect(!ResNetV2Config(blockUnits: [1], rootChannels: 0).isValid)
    }

    @Test func initialArraysStartTrainingFromUnitScalesAndAZeroHead() {
        let architecture = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
        let arrays = architecture.initialArrays(headClasses: 3, seed: 4)
        let random = architecture.randomArrays(headClasses: 3, seed: 4)
        #expect(Set(arrays.keys) == Set(architecture.layout(headClasses: 3).map(\.key)))
        for (key, tensor) in arrays {
            if key.hasSuffix("gamma") { #expect(tensor.scalars.allSatisfy { $0 == 1 }, "\(key)") }
            else if key.hasSuffix("beta") || key.hasPrefix("resnet/head") {
                #expect(tensor.scalars.allSatisfy { $0 == 0 }, "\(key)")
            } else {
                // The seeded unit-variance kernels scaled to He's variance 2 / fan-in.
                let scale = (2 / Float(tensor.shape[0] * tensor.shape[1] * tensor.shape[2])).squareRoot()
                #expect(tensor.scalars == random[key]!.scalars.map { $0 * scale }, "\(key)")
            }
        }
        #expect(architecture.initialArrays(headClasses: nil, seed: 4)[BiTCheckpoint.headKernelKey] == nil)
    }
}
