import Tensors

extension ResNetV2Architecture {
    /// The geometry of every convolution (root, then each unit's a, b, projection and c)
    /// for a batch of `batch` images of `height` x `width`.
    public func convolutionGeometries(batch: Int, height: Int, width: Int) -> [ConvolutionGeometry] {
        let rootGeometry = ConvolutionGeometry(batch: batch, inputHeight: height, inputWidth: width,
                                               inputChannels: 3, kernelHeight: 7, kernelWidth: 7,
                                               outputChannels: rootChannels, stride: 2, padding: 3)
        var result = [rootGeometry]
        // Zero pad 1, then a 3x3/2 pool: ceil(size / 2).
        var (h, w) = ((rootGeometry.outputHeight - 1) / 2 + 1, (rootGeometry.outputWidth - 1) / 2 + 1)
        for unit in self.units {
            func conv(_ k: Int, _ i: Int, _ o: Int, stride: Int = 1, padding: Int = 0) -> ConvolutionGeometry {
                ConvolutionGeometry(batch: batch, inputHeight: h, inputWidth: w, inputChannels: i,
                                    kernelHeight: k, kernelWidth: k, outputChannels: o, stride: stride, padding: padding)
            }
            let (inputs, middle, outputs) = (unit.inputChannels, unit.middleChannels, unit.outputChannels)
            let b = conv(3, middle, middle, stride: unit.stride, padding: 1)
            result += [conv(1, inputs, middle), b]
            if unit.hasProjection { result.append(conv(1, inputs, outputs, stride: unit.stride)) }
            (h, w) = (b.outputHeight, b.outputWidth)
            result.append(conv(1, middle, outputs))
        }
        return result
    }
}

extension ResNetV2 {
    /// Multiply-adds of one forward pass: the convolutions up to the pre-logits, plus
    /// the head when `includingHead` and the model has one.
    /// R50x1 at 224x224: about 4.09 G per image; at 384x384, 12.0 G.
    public func multiplyAdds(batch: Int, height: Int, width: Int, includingHead: Bool = false) -> Int {
        let convolutions = architecture.convolutionGeometries(batch: batch, height: height, width: width)
            .reduce(0) { $0 + $1.multiplyAdds }
        return convolutions + (includingHead ? batch * featureCount * headClasses : 0)
    }
}
