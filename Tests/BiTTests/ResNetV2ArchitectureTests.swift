import Tensors
import Testing
@testable import BiT

@Suite struct ResNetV2ArchitectureTests {
    @Test func randomArraysWithAZeroHeadKeepTheBackbone() {
        let architecture = ResNetV2Architecture(blockUnits: [1, 1], widthFactor: 1)
        let mine = architecture.randomArrays(headClasses: 3, seed: 9)
        #expect(mine == architecture.randomArrays(headClasses: 3, seed: 9))
        #expect(mine != architecture.randomArrays(headClasses: 3, seed: 10))
        let zeroHead = architecture.randomArrays(headClasses: 3, seed: 9, zeroHead: true)
        #expect(zeroHead[BiTCheckpoint.headKernelKey]!.scalars.allSatisfy { $0 == 0 })
        #expect(zeroHead[BiTCheckpoint.rootKernelKey] == mine[BiTCheckpoint.rootKernelKey])
    }

    @Test func miniatureWidths() {
        let mini = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
        #expect(mini.isValid)
        #expect(mini.groups == 32 && mini.description == "ResNetV2(blockUnits: [1, 1], rootChannels: 32)")
        #expect(ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32, groups: 16).description
            == "ResNetV2(blockUnits: [1, 1], rootChannels: 32, groups: 16)")
        #expect(ResNetV2Architecture(blockUnits: [3, 4, 6, 3], widthFactor: 1) == .r50x1)
        #expect(ResNetV2Architecture.r50x1.description == "R50x1")
        #expect(mini.middleChannels(block: 1) == 64 && mini.featureCount == 256)
        #expect(mini.layout(headClasses: 2).first!.shape == [7, 7, 3, 32])
        #expect(!ResNetV2Architecture(blockUnits: [1], rootChannels: 48).isValid)  // 48 channels in 32 groups
        #expect(!ResNetV2Architecture(blockUnits: [], rootChannels: 32).isValid)
    }

    @Test func configurationsOfAnyMultipleOf32RootChannels() {
        let mini = ResNetV2Architecture(blockUnits: [1, 1], rootChannels: 32)
        #expect(mini.isValid && mini.widthFactor == 0)
        #expect(mini.middleChannels(block: 1) == 64 && mini.featureCount == 256)
        #expect(mini.description == "ResNetV2(blockUnits: [1, 1], rootChannels: 32)")
        #expect(ResNetV2Architecture(blockUnits: [3, 4, 6, 3], rootChannels: 64) == .r50x1)
        #expect(ResNetV2Architecture.r152x4.rootChannels == 256 && ResNetV2Architecture.r152x4.widthFactor == 4)
        #expect(ResNetV2Architecture.r50x3.description == "R50x3")
        #expect(!ResNetV2Architecture(blockUnits: [1], rootChannels: 48).isValid)
        #expect(!ResNetV2Architecture(blockUnits: [1], rootChannels: 0).isValid)
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
