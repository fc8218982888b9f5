/// One `key=value` line of a cfg section.
struct CfgOption: Equatable {
    var key: String
    var value: String
    var line: Int
}

/// A `[name]` section of a cfg file with its options, in file order.
struct CfgSection: Equatable {
    /// Name between the brackets, e.g. "convolutional".
    var name: String
    var line: Int
    var options: [CfgOption]
}
