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

/// The full-screen guide decodes only the protocol its first frame needs and lists the other
/// built-ins by title until right after that frame.
@Suite struct DeferredCatalogTests {
  @Test func deferredBuiltinsAreListedThenDecodedAsAFullLoadWould() {
    let full = ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false)
    var deferred = ProtocolCatalog.load(
      protocolDir: nil, environment: [:], standard: false, deferBuiltins: true, keep: "sro-model")
    #expect(deferred.protocols.map(\.guide.id) == full.protocols.map(\.guide.id))
    #expect(Set(deferred.deferred.keys) == Set(BuiltinProtocols.ids).subtracting(["sro-model"]))
    // Listed: the same ids, titles and jurisdictions; the kept one in full.
    for (listed, whole) in zip(deferred.protocols, full.protocols) {
      #expect(listed.guide.title == whole.guide.title)
      #expect(listed.guide.jurisdiction == whole.guide.jurisdiction)
      #expect(listed.origin == whole.origin)
    }
    #expect(deferred.find("sro-model")?.guide == full.find("sro-model")?.guide)
    #expect(deferred.find("san-mateo")?.guide.pathways.isEmpty == true)
    deferred.completeDeferred()
    #expect(deferred.deferred.isEmpty)
    #expect(deferred.protocols.map(\.guide) == full.protocols.map(\.guide))
    #expect(deferred.problems == full.problems)
  }

  @Test func aHeaderIsReadOnlyWhenItIsPlainText() {
    let fields: Set<String> = ["id", "title", "jurisdiction"]
    let good = "# comment\nformat: x\nid: a\ntitle: >-\n  Folded\n  title\njurisdiction: ' J '\nsteps:\n  - id: b\n"
    #expect(YAMLReader.topLevelText(good, fields: fields) == ["id": "a", "title": "Folded title", "jurisdiction": "J"])
    // A field given as a list, missing, repeated, or broken YAML: nil (the file is then decoded).
    #expect(YAMLReader.topLevelText("id: a\ntitle: [x]\njurisdiction: j\n", fields: fields) == nil)
    #expect(YAMLReader.topLevelText("id: a\ntitle: t\n", fields: fields) == nil)
    #expect(YAMLReader.topLevelText("id: a\nid: b\ntitle: t\njurisdiction: j\n", fields: fields) == nil)
    #expect(YAMLReader.topLevelText("id: a\ntitle: \"t\njurisdiction: j\n", fields: fields) == nil)
    #expect(YAMLReader.topLevelText("- id: a\n", fields: fields) == nil)
    // Fields nested deeper are not taken for top-level ones.
    #expect(YAMLReader.topLevelText("x:\n  id: b\nid: a\ntitle: t\njurisdiction: j\n", fields: fields)?["id"] == "a")
    // Past the prefix read first (2 KiB, cut before a line that starts a field).
    let long = "id: a\nnote: " + String(repeating: "word ", count: 1000) + "\n  more\ntitle: late\njurisdiction: j\n"
    #expect(YAMLReader.topLevelText(long, fields: fields) == ["id": "a", "title": "late", "jurisdiction": "j"])
    let wrapped = "id: a\ntitle: " + String(repeating: "w ", count: 1200) + "\n  end\njurisdiction: j\n"
    #expect(YAMLReader.topLevelText(wrapped, fields: fields)?["title"]?.hasSuffix("w end") == true)
  }
}
