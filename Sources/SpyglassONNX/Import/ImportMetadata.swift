import Foundation
import SpyglassIR

/// Model metadata from `metadata_props`: the `spyglass.*` keys the exporter writes, and
/// Ultralytics' `names` ("{0: 'person', 1: 'bicycle'}") when present.
enum ImportMetadata {
    static func metadata(_ model: ONNXModel) -> ModelMetadata {
        var m = ModelMetadata()
        m.source = model.metadataValue(ONNXMetadataKeys.source) ?? "onnx:\(model.producerName)"
        if let json = model.metadataValue(ONNXMetadataKeys.classNames),
           let names = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String] {
            m.classNames = names
        } else if let names = model.metadataValue("names") {
            m.classNames = ultralyticsNames(names)
        }
        m.plugin = model.metadataValue(ONNXMetadataKeys.plugin)
        m.preprocessing = model.metadataValue(ONNXMetadataKeys.preprocessing).flatMap(Preprocessing.init(rawValue:))
        for entry in model.metadata where entry.key.hasPrefix(ONNXMetadataKeys.propertyPrefix) {
            m.properties[String(entry.key.dropFirst(ONNXMetadataKeys.propertyPrefix.count))] = entry.value
        }
        if !model.producerName.isEmpty, model.producerName != ONNXExporter.producerName {
            m.properties["onnx.producer"] = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        }
        return m
    }

    /// Parses a Python dict literal `{0: 'a', 1: "b"}` into names ordered by key.
    static func ultralyticsNames(_ text: String) -> [String] {
        var result: [(Int, String)] = []
        var i = text.startIndex
        func skipSpaces() { while i < text.endIndex, text[i] == " " || text[i] == "," || text[i] == "{" || text[i] == "}" { i = text.index(after: i) } }
        while i < text.endIndex {
            skipSpaces()
            var digits = ""
            while i < text.endIndex, text[i].isNumber { digits.append(text[i]); i = text.index(after: i) }
            guard let key = Int(digits) else { break }
            while i < text.endIndex, text[i] == ":" || text[i] == " " { i = text.index(after: i) }
            guard i < text.endIndex, text[i] == "'" || text[i] == "\"" else { break }
            let quote = text[i]
            i = text.index(after: i)
            var name = ""
            while i < text.endIndex, text[i] != quote { name.append(text[i]); i = text.index(after: i) }
            guard i < text.endIndex else { break }
            i = text.index(after: i)
            result.append((key, name))
        }
        return result.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
