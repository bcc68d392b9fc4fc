import Foundation
import Testing
import WalletStreamTestSupport

/// Core is the domain only: it must build without Foundation, so that nothing in it can reach
/// for files, the network, dates or `JSONEncoder`.
@Suite struct CoreImportsTests {
    @Test("No file in WalletStreamCore imports Foundation or anything but the standard library and collections")
    func coreImportsOnlyTheStandardLibrary() throws {
        let directory = SharedData.packageRoot + "/Sources/WalletStreamCore"
        let enumerator = try #require(FileManager.default.enumerator(atPath: directory))
        var files = 0
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            files += 1
            let text = try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
            let imports = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                $0.hasPrefix("import ") || $0.hasPrefix("@testable import ") || $0.contains(" import ")
            }
            let allowed: Set<String> = ["import DequeModule", "import Synchronization"]
            for line in imports {
                #expect(allowed.contains(line), "\(path): \(line)")
            }
        }
        #expect(files > 10)
    }
}
