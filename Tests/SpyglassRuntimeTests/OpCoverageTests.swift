import SpyglassIR
@testable import SpyglassRuntime
import XCTest

final class OpCoverageTests: XCTestCase {
    func testEveryOpKindHasAnOptimisedAndAReferenceKernel() {
        for kind in OpKind.allCases {
            XCTAssertNotNil(KernelRegistry.optimised[kind], "no optimised kernel for \(kind.rawValue)")
            XCTAssertNotNil(KernelRegistry.reference[kind], "no reference kernel for \(kind.rawValue)")
        }
        XCTAssertEqual(KernelRegistry.optimised.count, OpKind.allCases.count)
        XCTAssertEqual(KernelRegistry.reference.count, OpKind.allCases.count)
    }

    func testEveryActivationHasItsOwnCKernelCode() {
        let codes = Activation.allCases.map(\.cCode)
        XCTAssertEqual(Set(codes).count, Activation.allCases.count)
    }
}
