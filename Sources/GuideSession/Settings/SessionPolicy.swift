import GuideEngine
import GuideStore

/// What the administrator's settings and the command line allow together. Restricted mode (a
/// kiosk account: `--restricted`, or `restricted = true` in the administrator's file) trusts
/// nothing an SSH client could send: not the environment, not the command line's directories,
/// clocks or files.
public struct SessionPolicy: Equatable, Sendable {
  public private(set) var config: AdminConfig
  /// The environment the session may use: in restricted mode only HOME, from the password
  /// database.
  public private(set) var environment: [String: String]

  public var restricted: Bool { config.restricted }

  /// The administrator's settings, then the command line's where restricted mode allows them.
  public init(
    config: AdminConfig, restrictedFlag: Bool, draftDays: Int?, idleLockMinutes: Int?,
    environment: [String: String], passwordDatabaseHome: () -> String?
  ) {
    var config = config
    if restrictedFlag { config.restricted = true }
    if let draftDays, !config.restricted { config.draftDays = max(1, draftDays) }
    if let idleLockMinutes, !config.restricted { config.idleLockMinutes = max(0, idleLockMinutes) }
    self.config = config
    // Nothing an SSH client could send decides where files go or what protocols load.
    self.environment = config.restricted ? ["HOME": passwordDatabaseHome() ?? "/nonexistent"] : environment
  }

  /// The district's protocol directory: the administrator's only, in restricted mode.
  public func protocolDirectory(requested: String?) -> String? {
    restricted ? config.protocolDirectory : (requested ?? config.protocolDirectory)
  }

  /// The environment protocols are looked up in (none in restricted mode).
  public var protocolEnvironment: [String: String] { restricted ? [:] : environment }

  /// Where summary files go: the current directory, or only the administrator's export
  /// directory in restricted mode (nil: files cannot be saved).
  public var exportDirectory: String? { restricted ? config.exportDirectory : "." }

  /// Seconds without a key before the screen locks; the tests' seconds only when not restricted.
  public func idleLockSeconds(requestedSeconds: Int?) -> Int {
    restricted ? config.idleLockMinutes * 60 : (requestedSeconds ?? config.idleLockMinutes * 60)
  }

  /// Tests' and benchmarks' hidden options (a fixed clock, a benchmark screen) are ignored in
  /// restricted mode.
  public var allowsHiddenOptions: Bool { !restricted }

  /// A kiosk account must not read files it was not given: plain mode's answers come from the
  /// keyboard.
  public var allowsAnswersFile: Bool { !restricted }

  /// This user's reporter profile: the administrator's `profile-directory`, or the state
  /// directory.
  public var reporterProfileStore: ReporterProfileStore? {
    ReporterProfileStore.resolve(configured: config.profileDirectory, environment: environment)
  }

  /// The zone the case's times are read and shown in: the administrator's `time-zone`, else
  /// the system's.
  public var zone: CaseZone { CaseZone.system(configured: config.timeZone) }

  /// This account's drafts.
  public var draftStore: DraftStore? {
    StateDirectory.draftStore(configured: config.draftDirectory, environment: environment)
  }
}
