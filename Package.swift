// swift-tools-version: 6.1
// Spyglass: convert, inspect, optimise and run object-detection models.
// Module boundaries (who may import whom) are described in README.md, "Architecture".
import PackageDescription

// Hot C code is always built optimised, even in debug builds, so tests that push
// real models through the runtime stay fast and measure the code users run.
let optimisedC: [CSetting] = [.unsafeFlags(["-O3", "-ffast-math", "-fno-finite-math-only"])]

let package = Package(
    name: "Spyglass",
    products: [
        .executable(name: "spyglass", targets: ["spyglass"]),
        .library(name: "SpyglassIR", targets: ["SpyglassIR"]),
        .library(name: "SpyglassDarknet", targets: ["SpyglassDarknet"]),
        .library(name: "SpyglassFormat", targets: ["SpyglassFormat"]),
        .library(name: "SpyglassPasses", targets: ["SpyglassPasses"]),
        .library(name: "SpyglassRuntime", targets: ["SpyglassRuntime"]),
        .library(name: "SpyglassImage", targets: ["SpyglassImage"]),
        .library(name: "SpyglassDetection", targets: ["SpyglassDetection"]),
        .library(name: "YOLOPlugin", targets: ["YOLOPlugin"]),
        .library(name: "SpyglassKit", targets: ["SpyglassKit"]),
        .library(name: "SpyglassServer", targets: ["SpyglassServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `spyglass serve`: HTTP server, logs, metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, libjson-c-dev).
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CJSONC", path: "Sources/CJSONC", pkgConfig: "json-c"),

        // Thin C targets.
        .target(name: "CKernels", dependencies: ["COpenBLAS"], path: "Sources/CKernels",
                cSettings: optimisedC, linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("m")]),
        .target(name: "CImageCodecs", path: "Sources/CImageCodecs",
                cSettings: optimisedC + [.unsafeFlags(["-I/usr/include/libpng16"])],
                linkerSettings: [.linkedLibrary("turbojpeg"), .linkedLibrary("png16")]),

        // Swift modules, one per concern.
        .target(name: "SpyglassIR", path: "Sources/SpyglassIR"),
        .target(name: "SpyglassDarknet", dependencies: ["SpyglassIR"], path: "Sources/SpyglassDarknet"),
        .target(name: "SpyglassFormat", dependencies: ["SpyglassIR", "CJSONC"], path: "Sources/SpyglassFormat"),
        .target(name: "SpyglassPasses", dependencies: ["SpyglassIR"], path: "Sources/SpyglassPasses"),
        .target(name: "SpyglassRuntime", dependencies: ["SpyglassIR", "CKernels"], path: "Sources/SpyglassRuntime"),
        .target(name: "SpyglassImage", dependencies: ["CImageCodecs"], path: "Sources/SpyglassImage"),
        .target(name: "SpyglassDetection", dependencies: ["SpyglassIR", "SpyglassRuntime", "SpyglassImage"],
                path: "Sources/SpyglassDetection"),

        // Detector families.
        .target(name: "YOLOPlugin", dependencies: ["SpyglassDetection"], path: "Plugins/YOLO"),

        // What a Swift user calls: load any model form, inspect, diff, .npy I/O.
        .target(name: "SpyglassKit", dependencies: [
            "SpyglassIR", "SpyglassDarknet", "SpyglassFormat", "SpyglassPasses", "SpyglassRuntime",
            "SpyglassImage", "SpyglassDetection", "YOLOPlugin",
        ], path: "Sources/SpyglassKit"),

        // HTTP detection service (`spyglass serve`): routes, KServe v2 codecs, limits, queue, metrics, web page.
        .target(name: "SpyglassServer", dependencies: [
            "SpyglassKit", "SpyglassFormat", "SpyglassRuntime", "SpyglassImage", "SpyglassDetection",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Sources/SpyglassServer"),

        // Command-line tool: parse arguments, call SpyglassKit, print.
        .executableTarget(name: "spyglass", dependencies: [
            "SpyglassKit", "SpyglassServer", "SpyglassIR", "SpyglassDarknet", "SpyglassFormat", "SpyglassPasses", "SpyglassRuntime",
            "SpyglassImage", "SpyglassDetection", "YOLOPlugin",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/spyglass"),

        // Test support: libdarknet (Debian `darknet`) loaded at run time as the reference.
        .target(name: "CDarknetReference", path: "Tests/Support/CDarknetReference",
                cSettings: [.unsafeFlags(["-I/usr/lib/darknet/include"])],
                linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "TestSupport", dependencies: ["SpyglassIR", "SpyglassDarknet", "SpyglassRuntime", "CDarknetReference"], path: "Tests/Support/TestSupport"),

        .testTarget(name: "SpyglassIRTests", dependencies: ["SpyglassIR"]),
        .testTarget(name: "SpyglassDarknetTests", dependencies: ["SpyglassDarknet", "TestSupport"]),
        .testTarget(name: "SpyglassFormatTests", dependencies: ["SpyglassFormat", "SpyglassDarknet", "TestSupport"]),
        .testTarget(name: "SpyglassPassesTests", dependencies: ["SpyglassPasses", "SpyglassRuntime", "SpyglassDarknet", "TestSupport"]),
        .testTarget(name: "SpyglassRuntimeTests", dependencies: ["SpyglassRuntime", "TestSupport"]),
        .testTarget(name: "SpyglassImageTests", dependencies: ["SpyglassImage", "TestSupport"]),
        .testTarget(name: "SpyglassDetectionTests", dependencies: ["SpyglassDetection", "YOLOPlugin", "TestSupport"]),
        .testTarget(name: "ConformanceTests", dependencies: [
            "SpyglassDarknet", "SpyglassRuntime", "SpyglassPasses", "SpyglassFormat", "SpyglassDetection",
            "YOLOPlugin", "SpyglassImage", "TestSupport",
        ]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "SpyglassKitTests", dependencies: ["SpyglassKit", "TestSupport"]),
        .testTarget(name: "SpyglassServerTests", dependencies: [
            "SpyglassServer", "SpyglassKit", "SpyglassImage", "SpyglassDarknet", "SpyglassFormat", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "InMemoryLogging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v5]
)
