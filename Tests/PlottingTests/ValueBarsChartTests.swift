import Testing
@testable import Plotting

@Suite struct ValueBarsChartTests {
    let bars = [ValueBar(name: "random backbone, head", value: 74.11), ValueBar(name: "pre-trained, head", value: 92.86),
                ValueBar(name: "Keras lesson, head", value: 97.27, isQuoted: true)]

    func chart(reference: ReferenceLevel? = ReferenceLevel(value: 24.1, label: "commonest class (24.1%)")) throws -> Figure {
        try Figure.valueBars(bars, measuredLabel: "this run", quotedLabel: "published", reference: reference,
                             yLabel: "validation accuracy (%)", decimals: 2, unit: "%", yCovers: 0...100)
    }

    @Test func oneFullWidthBarPerFigureMeasuredBlueQuotedGrey() throws {
        let recorded = try chart().recorded()
        let measured = recorded.filledRects.filter { $0.color == Figure.measuredBarColor && $0.rect.width > 20 }
        let quoted = recorded.filledRects.filter { $0.color == Figure.quotedBarColor && $0.rect.width > 20 }
        #expect(measured.count == 2 && quoted.count == 1)
        // Every bar takes the whole slot of its category: all three are equally wide, on one baseline.
        let all = measured + quoted
        #expect(all.allSatisfy { abs($0.rect.width - all[0].rect.width) < 1e-9 && abs($0.rect.maxY - all[0].rect.maxY) < 1e-9 })
        #expect(abs(measured[1].rect.height / measured[0].rect.height - 92.86 / 74.11) < 1e-6)
        #expect(abs(quoted[0].rect.height / measured[0].rect.height - 97.27 / 74.11) < 1e-6)
        #expect(recorded.callsOutsideCanvas().isEmpty)
    }

    @Test func valuesAreWrittenWithTheirUnitAndTheLegendNamesBothKindsAndTheReference() throws {
        let texts = try chart().recorded().texts
        for value in ["74.11%", "92.86%", "97.27%", "this run", "published", "commonest class (24.1%)",
                      "random backbone, head", "Keras lesson, head"] {
            #expect(texts.contains(value), "missing \(value)")
        }
        // The axis stops at 100: no tick beyond what an accuracy can be.
        #expect(!texts.contains("120") && texts.contains("100"))
    }

    @Test func theReferenceIsADashedLineAcrossThePlot() throws {
        let recorded = try chart().recorded()
        let dashed = recorded.calls.compactMap { call -> [Point]? in
            if case let .polyline(points, style) = call, style.dash == Figure.stripReferenceStyle.dash { return points }
            return nil
        }
        // The legend's swatch is dashed too; the line across the plot is the long one.
        let across = dashed.filter { $0.count == 2 && abs($0[1].x - $0[0].x) > 300 }
        #expect(across.count == 1 && abs(across[0][0].y - across[0][1].y) < 1e-9)
        let noReference = try chart(reference: nil).recorded()
        #expect(!noReference.texts.contains("commonest class (24.1%)"))
    }

    @Test func noBarsOrANaNAreTypedErrors() {
        #expect(throws: PlotError.self) {
            try Figure.valueBars([], measuredLabel: "a", quotedLabel: "b", reference: nil, yLabel: "y")
        }
        #expect(throws: PlotError.self) {
            try Figure.valueBars([ValueBar(name: "x", value: .nan)], measuredLabel: "a", quotedLabel: "b",
                                 reference: nil, yLabel: "y")
        }
    }
}
