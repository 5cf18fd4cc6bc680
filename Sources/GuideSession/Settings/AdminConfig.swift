import GuideClock
import GuideEngine
import GuideProtocols

#if canImport(Glibc)
  import Glibc
#endif

/// The administrator's settings (`/etc/csec-guide/config` by default): the only way besides
/// `--restricted` to restrict a kiosk account. Never an environment variable, which an SSH
/// client can send.
public struct AdminConfig: Equatable, Sendable {
  public static let defaultPath = "/etc/csec-guide/config"

  public var restricted = false
  public var exportDirectory: String?
  public var protocolDirectory: String?
  /// Where this account's drafts are kept (default: the XDG state directory).
  public var draftDirectory: String?
  /// Where the reporter profile is kept (`profile-directory`); the state directory otherwise.
  public var profileDirectory: String?
  public var draftDays = 14
  public var idleLockMinutes = 5
  /// The district's time zone ("America/Los_Angeles"), so that a server on UTC shows local
  /// time; nil: the system's (`TZ`, or /etc/localtime).
  public var timeZone: String?

  public init(
    restricted: Bool = false, exportDirectory: String? = nil, protocolDirectory: String? = nil,
    draftDirectory: String? = nil, draftDays: Int = 14, idleLockMinutes: Int = 5, timeZone: String? = nil
  ) {
    self.timeZone = timeZone
    self.restricted = restricted
    self.exportDirectory = exportDirectory
    self.protocolDirectory = protocolDirectory
    self.draftDirectory = draftDirectory
    self.draftDays = draftDays
    self.idleLockMinutes = idleLockMinutes
  }

  /// Reads `key = value` lines (`#` starts a comment). A missing file at the default path is
  /// no error; a named file that is missing is. `defaultPath` is the administrator's file; a
  /// test names another.
  public static func load(path: String?, defaultPath: String = AdminConfig.defaultPath) throws(ConfigError) -> AdminConfig {
    let file = path ?? defaultPath
    var config = AdminConfig()
    let bytes: [UInt8]
    switch FileAccess.readFile(file, limit: 65_536) {
    case .success(let data): bytes = data
    case .failure(let error):
      if path == nil, errno == ENOENT || access(file, F_OK) != 0 { return config }
      throw ConfigError("\(file): \(error)")
    }
    for (index, raw) in String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
      guard !line.allSatisfy(\.isWhitespace) else { continue }
      let parts = line.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
      guard parts.count == 2, !parts[0].isEmpty else {
        throw ConfigError("\(file):\(index + 1): write settings as 'name = value'")
      }
      let (key, value) = (parts[0], parts[1])
      func wholeNumber(_ range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let n = Int(value), range.contains(n) else {
          throw ConfigError("\(file):\(index + 1): '\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
      }
      func absolutePath() throws(ConfigError) -> String {
        guard value.hasPrefix("/") else { throw ConfigError("\(file):\(index + 1): '\(key)' must be an absolute path") }
        return value
      }
      switch key {
      case "restricted":
        guard value == "true" || value == "false" else {
          throw ConfigError("\(file):\(index + 1): 'restricted' must be true or false")
        }
        config.restricted = value == "true"
      case "export-directory": config.exportDirectory = try absolutePath()
      case "protocol-directory": config.protocolDirectory = try absolutePath()
      case "draft-directory": config.draftDirectory = try absolutePath()
      case "profile-directory": config.profileDirectory = try absolutePath()
      case "draft-days": config.draftDays = try wholeNumber(1...365)
      case "idle-lock-minutes": config.idleLockMinutes = try wholeNumber(0...240)
      case "time-zone":
        guard SystemZone.isKnown(value) else {
          throw ConfigError("\(file):\(index + 1): 'time-zone' must name a zone of the system's time-zone database, such as America/Los_Angeles ('\(TerminalText.safeLine(value))' is not one)")
        }
        config.timeZone = value
      default:
        throw ConfigError("\(file):\(index + 1): unknown setting '\(key)' (known: restricted, export-directory, protocol-directory, draft-directory, profile-directory, draft-days, idle-lock-minutes, time-zone)")
      }
    }
    return config
  }
}

public struct ConfigError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The account's home directory from the password database: in restricted mode HOME and the
/// XDG variables are not trusted (an SSH client may be allowed to send them).
public func passwordDatabaseHome() -> String? {
  guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
  let home = String(cString: dir)
  return home.hasPrefix("/") ? home : nil
}
