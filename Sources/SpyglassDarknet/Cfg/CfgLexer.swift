/// Splits cfg text into sections. Follows Darknet's read_cfg: whitespace anywhere in a line is
/// dropped, lines starting with `#` or `;` are comments. Unlike Darknet, text after `#` or `;` inside
/// a line is a comment too, and malformed lines are reported instead of skipped.
enum CfgLexer {
    static func sections(of text: String, file: String, problems: inout [DarknetProblem]) -> [CfgSection] {
        var sections: [CfgSection] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = String(rawLine.filter { $0 != " " && $0 != "\t" && $0 != "\r" })
            if let cut = line.firstIndex(where: { $0 == "#" || $0 == ";" }) { line = String(line[..<cut]) }
            if line.isEmpty { continue }
            let sectionName = sections.last?.name ?? ""
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    problems.append(DarknetProblem(kind: .syntax, file: file, line: lineNumber, section: sectionName,
                                                   message: "malformed section header '\(line)'"))
                    continue
                }
                let name = String(line.dropFirst().dropLast())
                sections.append(CfgSection(name: name, line: lineNumber, options: []))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                problems.append(DarknetProblem(kind: .syntax, file: file, line: lineNumber, section: sectionName,
                                               message: "expected key=value, got '\(line)'"))
                continue
            }
            let key = String(line[..<eq]), value = String(line[line.index(after: eq)...])
            guard !key.isEmpty else {
                problems.append(DarknetProblem(kind: .syntax, file: file, line: lineNumber, section: sectionName,
                                               message: "option without a name: '\(line)'"))
                continue
            }
            guard !sections.isEmpty else {
                problems.append(DarknetProblem(kind: .syntax, file: file, line: lineNumber, section: "", key: key,
                                               message: "option before the first section"))
                continue
            }
            sections[sections.count - 1].options.append(CfgOption(key: key, value: value, line: lineNumber))
        }
        return sections
    }
}
