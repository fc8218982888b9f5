/// Problems and ignored options collected over a whole cfg, so one error can list them all.
final class Diagnostics {
    let file: String
    var problems: [DarknetProblem] = []
    var ignored: [IgnoredOption] = []

    init(file: String) { self.file = file }

    func report(_ kind: DarknetProblem.Kind, line: Int, section: String, key: String? = nil, _ message: String) {
        problems.append(DarknetProblem(kind: kind, file: file, line: line, section: section, key: key, message: message))
    }
}
