import Foundation  // tests only: temporary directories
import GuideEngine
@testable import GuideProtocols
import Testing

@Suite struct CatalogTests {
  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("csec-guide-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test func searchOrderFollowsTheOptionTheVariableAndXDG() {
    let dirs = ProtocolCatalog.searchDirectories(
      protocolDir: "/opt/d",
      environment: ["CSEC_GUIDE_PROTOCOL_DIR": "/e", "XDG_DATA_HOME": "/h/data", "XDG_DATA_DIRS": "/s1:relative:/s2", "HOME": "/home/u"])
    #expect(dirs == ["/opt/d", "/e", "/h/data/csec-guide/protocols", "/s1/csec-guide/protocols", "/s2/csec-guide/protocols"])
    let defaults = ProtocolCatalog.searchDirectories(protocolDir: nil, environment: ["HOME": "/home/u", "XDG_DATA_HOME": "rel"])
    #expect(defaults == ["/home/u/.local/share/csec-guide/protocols", "/usr/local/share/csec-guide/protocols", "/usr/share/csec-guide/protocols"])
  }

  @Test func aDistrictsFilesAppearBesideTheBuiltins() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try DecoderTests.base.write(to: dir.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
    try "id: [broken".write(to: dir.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
    let clash = DecoderTests.base.replacingOccurrences(of: "id: test-district", with: "id: san-mateo")
    try clash.write(to: dir.appendingPathComponent("clash.yml"), atomically: true, encoding: .utf8)
    try "not yaml at all".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    let catalog = ProtocolCatalog.load(protocolDir: dir.path, environment: [:])
    #expect(catalog.protocols.map(\.guide.id) == BuiltinProtocols.ids + ["test-district"])
    #expect(catalog.find("test-district")?.origin == .file(dir.appendingPathComponent("mine.yaml").path))
    #expect(catalog.problems.count == 2)
    #expect(catalog.problems.contains { $0.contains("broken.yaml: skipped, it has 1 problem") })
    #expect(catalog.problems.contains { $0.contains("clash.yml: skipped, its id 'san-mateo' is already used by a built-in protocol") })
  }

  @Test func aMissingProtocolDirIsReported() {
    let catalog = ProtocolCatalog.load(protocolDir: "/nonexistent/csec", environment: [:])
    #expect(catalog.protocols.count == 4)
    #expect(catalog.problems == ["/nonexistent/csec: cannot open this protocol directory (No such file or directory)"])
  }
}
