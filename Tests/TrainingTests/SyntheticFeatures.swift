import Tensors
import Training

/// A stand-in backbone for tests: the features of (image, view) are the centre of the image's
/// class (3 at the class's coordinate) plus noise fixed by (image, view), so the classes are
/// linearly separable and every view differs. It counts the items it computes.
final class SyntheticBackbone {
    let labels: [Int]
    let width: Int
    let noise: Float
    private(set) var computedItems: [FeatureItem] = []
    private(set) var calls = 0

    init(labels: [Int], width: Int = 8, noise: Float = 0.5) {
        self.labels = labels
        self.width = width
        self.noise = noise
    }

    func features(_ items: [FeatureItem]) -> Tensor {
        calls += 1
        computedItems += items
        var scalars: [Float] = []
        for item in items {
            var generator = SeededGenerator.derived(seed: UInt64(item.image), stream: UInt64(item.view))
            for j in 0..<width {
                let centre: Float = j == labels[item.image] ? 3 : 0
                scalars.append(centre + noise * (2 * generator.nextFloat() - 1))
            }
        }
        return Tensor(shape: [items.count, width], scalars: scalars)
    }
}

/// Labels cycling through the classes.
func cyclicLabels(count: Int, classes: Int) -> [Int] {
    (0..<count).map { $0 % classes }
}
