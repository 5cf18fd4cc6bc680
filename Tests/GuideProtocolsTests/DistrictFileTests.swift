import Foundation  // tests only: a temporary directory for the catalog
import GuideEngine
@testable import GuideProtocols
import Testing

/// A district's contacts file: decoded and validated with located messages, merged into its
/// protocol's contacts marked as the district's.
@Suite struct DistrictFileTests {
  static let valid = """
    format: csec-guide-district/1
    protocol: san-mateo
    district: Example Unified School District
    contacts:
      - id: county-cws-hotline
        name: San Mateo County Child Protective Services hotline
        phone: "650-555-0100"
        role: county child welfare hotline
        when: To make the mandated report by phone.
        reporting-agency: true
        adds-to-steps: [child-welfare-report]
      - id: district-csec-liaison
        name: District CSEC liaison
        phone: "650-555-0199"
        note: Call during school hours.

    """

  var protocols: [GuideProtocol] { ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false).protocols.map(\.guide) }

  /// A district file is read as protocols and scenarios are: a control, bidi or zero-width
  /// character, raw or made by an escape, is refused with its place and code point.
  @Test func unsafeCharactersAreRefusedLikeInAProtocol() throws {
    let raw = Self.valid.replacingOccurrences(of: "name: District CSEC liaison", with: "name: District \u{1B}]0;owned\u{07} liaison")
    let rawOutcome = DistrictDecoder.decode(raw, file: "d.yaml", protocols: protocols)
    #expect(rawOutcome.district == nil)
    #expect(rawOutcome.diagnostics.contains { $0.description.contains("U+001B") }, "\(rawOutcome.diagnostics)")
    let escaped = Self.valid.replacingOccurrences(of: "phone: \"650-555-0199\"", with: "phone: \"650-555-\\u202E0199\"")
    let escapedOutcome = DistrictDecoder.decode(escaped, file: "d.yaml", protocols: protocols)
    #expect(escapedOutcome.district == nil)
    #expect(escapedOutcome.diagnostics.contains { $0.description.hasPrefix("d.yaml:") && $0.description.contains("U+202E") }, "\(escapedOutcome.diagnostics)")
  }

  @Test func aValidFileIsReadAndMergedAsTheDistricts() throws {
    let outcome = DistrictDecoder.decode(Self.valid, file: "d.yaml", protocols: protocols)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    let district = try #require(outcome.district)
    #expect(district.contacts.map(\.id) == ["county-cws-hotline", "district-csec-liaison"])
    #expect(district.contacts.allSatisfy { $0.origin == .district })
    let guide = try #require(protocols.first { $0.id == "san-mateo" }).adding(district)
    #expect(guide.contact("child-welfare-services")?.origin == .source)
    #expect(guide.contact("county-cws-hotline")?.origin == .district)
    #expect(guide.isReportingAgency("county-cws-hotline"))
    let step = try #require(guide.pathway(.suspectedVictim)?.step("child-welfare-report"))
    #expect(guide.contacts(for: step).map(\.id) == ["child-welfare-services", "county-cws-hotline"])
    #expect(guide.json.rendered().contains("\"origin\": \"district\""))
  }

  @Test func problemsAreLocated() {
    let broken = Self.valid
      .replacingOccurrences(of: "protocol: san-mateo", with: "protocol: san-mateo\ncolour: blue")
      .replacingOccurrences(of: "adds-to-steps: [child-welfare-report]", with: "adds-to-steps: [call-the-mayor]")
      .replacingOccurrences(of: "id: district-csec-liaison", with: "id: child-welfare-services")
      .replacingOccurrences(of: "\"650-555-0199\"", with: "none")
    let outcome = DistrictDecoder.decode(broken, file: "d.yaml", protocols: protocols)
    #expect(outcome.district == nil)
    let lines = outcome.diagnostics.map(\.description)
    #expect(lines.count == 4, "\(lines)")
    #expect(lines[0].hasPrefix("d.yaml:3:1: unknown field 'colour' in the district file"))
    #expect(lines[1].hasPrefix("d.yaml:12:21: contact 'county-cws-hotline' adds to the step 'call-the-mayor', but no pathway of 'san-mateo' has that step"))
    #expect(lines[2] == "d.yaml:13:9: the protocol 'san-mateo' already has a contact 'child-welfare-services'; a district's contact needs its own id (the protocol's contacts come from its sources and are not replaced)")
    #expect(lines[3] == "d.yaml:15:12: the phone number 'none' of contact 'child-welfare-services' has no digits")
    let unknown = DistrictDecoder.decode(
      Self.valid.replacingOccurrences(of: "protocol: san-mateo", with: "protocol: atlantis"), file: "d.yaml", protocols: protocols)
    #expect(unknown.diagnostics.map(\.description).first?.hasPrefix("d.yaml:2:11: the district file adds to the protocol 'atlantis'") == true)
  }

  @Test func theFormatLineTellsADistrictFileApart() {
    #expect(DataFileKind.of(bytes: Array(Self.valid.utf8)) == .district)
    #expect(DataFileKind.of(bytes: Array(DecoderTests.base.utf8)) == .guideProtocol)
  }

  @Test func theCatalogMergesDistrictFilesFromItsDirectories() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("district-\(UInt64.random(in: 0...UInt64.max))").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Self.valid.write(toFile: dir + "/example-usd.yaml", atomically: true, encoding: .utf8)
    for deferBuiltins in [false, true] {
      let catalog = ProtocolCatalog.load(protocolDir: dir, environment: [:], standard: false, deferBuiltins: deferBuiltins)
      #expect(catalog.problems.isEmpty, "\(catalog.problems)")
      let guide = try #require(catalog.find("san-mateo")?.guide)
      #expect(guide.contact("county-cws-hotline")?.isDistricts == true, "deferred: \(deferBuiltins)")
      #expect(guide.pathways.count == 4, "the whole protocol, not its header")
      #expect(catalog.find("orange-county")?.guide.contacts.contains { $0.isDistricts } == false)
    }
  }
}
