// bench-fixtures CFG OUT.weights [SEED]: writes seeded random Darknet weights for CFG (the same
// tame distributions the conformance suite uses), so every engine in `make bench` loads one file.
import Foundation
import SpyglassDarknet
import TestSupport

let args = CommandLine.arguments
guard args.count == 3 || args.count == 4 else {
    FileHandle.standardError.write(Data("usage: bench-fixtures CFG OUT.weights [SEED]\n".utf8))
    exit(2)
}
let seed = args.count == 4 ? UInt64(args[3]) : 7
guard let seed else {
    FileHandle.standardError.write(Data("bench-fixtures: SEED must be a non-negative integer, got \(args[3])\n".utf8))
    exit(2)
}
do {
    let model = try DarknetImporter.load(cfg: URL(fileURLWithPath: args[1]), weights: nil)
    let data = randomDarknetWeights(for: model, seed: seed)
    try data.write(to: URL(fileURLWithPath: args[2]))
    print("wrote \(args[2]): \(data.count) bytes, seed \(seed)")
} catch {
    FileHandle.standardError.write(Data("bench-fixtures: \(error)\n".utf8))
    exit(1)
}
