import Foundation  // tests only: a temporary directory
import GuideEngine
import GuideProtocols
import GuideStore
import Testing

/// The reporter's own details, saved once in a file only the user can read, and offered as the
/// defaults of a case's report fields.
@Suite struct ReporterProfileFileTests {
  func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UInt64.random(in: 0...UInt64.max))/nested").path
  }

  let profile = ReporterProfile(
    name: "Dana Counselor", businessAddress: "1 School Way, San Mateo", phone: "650-555-0142",
    capacity: "Certificated pupil personnel employee (counselor)")

  @Test func theProfileIsSavedReadableOnlyByTheUserAndReadBack() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
    #expect(try ReporterProfileFile.read(directory: directory) == nil, "none saved yet")
    try ReporterProfileFile.write(profile, directory: directory)
    let path = directory + "/" + ReporterProfileFile.fileName
    let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    #expect(mode == 0o600)
    let dirMode = try #require(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int)
    #expect(dirMode == 0o700)
    #expect(try ReporterProfileFile.read(directory: directory) == profile)
    var changed = profile
    changed.phone = "650-555-0143"
    try ReporterProfileFile.write(changed, directory: directory)
    #expect(try ReporterProfileFile.read(directory: directory) == changed)
  }

  @Test func aProfileOthersCanReadIsRefused() throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
    try ReporterProfileFile.write(profile, directory: directory)
    chmod(directory + "/" + ReporterProfileFile.fileName, 0o644)
    #expect(throws: ReporterProfileFile.Failure.self) { try ReporterProfileFile.read(directory: directory) }
  }

  @Test func theProfileGivesTheReportFieldsDefaults() throws {
    let catalog = ProtocolCatalog.load(protocolDir: nil, environment: [:], standard: false)
    let sanMateo = try #require(catalog.find("san-mateo")?.guide)
    let defaults = profile.defaultReportFields(for: sanMateo)
    #expect(defaults.map(\.field) == ["reporter-name", "reporter-business-address", "reporter-phone", "reporter-capacity"])
    #expect(defaults.first?.value == "Dana Counselor")
    // A field the case already has is left as it is; US ED has no report fields at all.
    var state = CaseState()
    state.reportFields["reporter-phone"] = .unknown
    #expect(!profile.defaultReportFields(for: sanMateo, state: state).contains { $0.field == "reporter-phone" })
    let us = try #require(catalog.find("us-ed-sample")?.guide)
    #expect(profile.defaultActions(for: us).isEmpty)
    #expect(ReporterProfile(name: "  ").isEmpty)
  }
}
