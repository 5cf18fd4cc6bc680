import Foundation  // tests only: temporary directories
import GuideEngine
import GuideProtocols
import GuideSession
import GuideStore
import Testing

/// Restricted mode reads a district's contacts only from the administrator's directory, as it
/// does protocols; the reporter profile lives where the administrator says.
@Suite struct RestrictedDistrictTests {
  static let district = """
    format: csec-guide-district/1
    protocol: san-mateo
    district: Example Unified School District
    contacts:
      - id: district-csec-liaison
        name: District CSEC liaison
        phone: "650-555-0199"
        adds-to-steps: [child-welfare-report]

    """

  func directory(_ name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path + "/csec-guide/protocols", withIntermediateDirectories: true)
    try Self.district.write(toFile: path + "/csec-guide/protocols/district.yaml", atomically: true, encoding: .utf8)
    return path
  }

  /// Loads the catalog as the guide does (GuideCommand): the policy's directory and environment.
  func hasDistrictContact(_ policy: SessionPolicy, requested: String?) -> Bool {
    let catalog = ProtocolCatalog.load(
      protocolDir: policy.protocolDirectory(requested: requested), environment: policy.protocolEnvironment,
      standard: !policy.restricted)
    return catalog.find("san-mateo")?.guide.contact("district-csec-liaison")?.isDistricts == true
  }

  @Test func restrictedModeReadsDistrictFilesOnlyFromTheAdministratorsDirectory() throws {
    let user = try directory("user")
    let admin = try directory("admin")
    let environment = ["CSEC_GUIDE_PROTOCOL_DIR": user + "/csec-guide/protocols", "XDG_DATA_HOME": user, "HOME": user]
    let open = SessionPolicy(
      config: AdminConfig(), restrictedFlag: false, draftDays: nil, idleLockMinutes: nil, environment: environment,
      passwordDatabaseHome: { user })
    #expect(hasDistrictContact(open, requested: nil), "an ordinary account reads its own district files")
    let kiosk = SessionPolicy(
      config: AdminConfig(restricted: true), restrictedFlag: false, draftDays: nil, idleLockMinutes: nil,
      environment: environment, passwordDatabaseHome: { user })
    #expect(!hasDistrictContact(kiosk, requested: user + "/csec-guide/protocols"), "restricted mode read a user's district file")
    let administered = SessionPolicy(
      config: AdminConfig(restricted: true, protocolDirectory: admin + "/csec-guide/protocols"), restrictedFlag: false,
      draftDays: nil, idleLockMinutes: nil, environment: environment, passwordDatabaseHome: { user })
    #expect(hasDistrictContact(administered, requested: nil))
  }

  @Test func theProfileLivesWhereTheAdministratorSays() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("csec-config-\(UUID().uuidString)").path
    try "restricted = true\nprofile-directory = /srv/csec-guide/profiles\n".write(toFile: path, atomically: true, encoding: .utf8)
    let config = try AdminConfig.load(path: path)
    #expect(config.profileDirectory == "/srv/csec-guide/profiles")
    let policy = SessionPolicy(
      config: config, restrictedFlag: false, draftDays: nil, idleLockMinutes: nil, environment: [:], passwordDatabaseHome: { "/home/kiosk" })
    #expect(policy.reporterProfileStore?.directory == "/srv/csec-guide/profiles")
    let ordinary = SessionPolicy(
      config: AdminConfig(), restrictedFlag: false, draftDays: nil, idleLockMinutes: nil,
      environment: ["HOME": "/home/ann"], passwordDatabaseHome: { nil })
    #expect(ordinary.reporterProfileStore?.directory == "/home/ann/.local/state/csec-guide")
    // Saving and reading back: 0600, and the value pre-fills a reporter field.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("csec-profile-\(UUID().uuidString)").path
    let store = ReporterProfileStore(directory: dir)
    #expect(store.save(ReporterProfile(name: "Alex Counselor")) == nil)
    guard case .success(let loaded) = store.load() else {
      Issue.record("the profile should read back")
      return
    }
    #expect(ReporterProfile.prefill(loaded, field: "reporter-name", state: CaseState()) == "Alex Counselor")
    #expect(ReporterProfile.prefill(loaded, field: "child-name-address", state: CaseState()) == "")
    let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + ReporterProfileFile.fileName)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }
}
