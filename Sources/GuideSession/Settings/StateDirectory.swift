import GuideEngine
import GuideStore

/// The program's XDG state directory: where drafts and the last protocol chosen are kept.
public enum StateDirectory {
  /// `$XDG_STATE_HOME/csec-guide`, or `~/.local/state/csec-guide` (a relative XDG path is
  /// ignored, as the XDG specification says); nil when neither gives an absolute path.
  public static func path(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/csec-guide" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/csec-guide" }
    return nil
  }

  /// Where drafts are kept by default.
  public static func drafts(environment: [String: String]) -> String? {
    path(environment: environment).map { $0 + "/drafts" }
  }

  /// The drafts of this account: the administrator's directory, or the default one.
  public static func draftStore(configured: String?, environment: [String: String]) -> DraftStore? {
    (configured ?? drafts(environment: environment)).map(DraftStore.init)
  }

  /// The protocol chosen last time (no case data), or nil.
  public static func readLastProtocol(environment: [String: String]) -> String? {
    guard let dir = path(environment: environment),
      let bytes = try? SafeFiles.read(dir + "/last-protocol", limit: 128)
    else { return nil }
    let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    return text.isEmpty ? nil : text
  }

  /// Best effort: a state directory that cannot be written only means no remembered choice.
  public static func writeLastProtocol(_ id: String, environment: [String: String]) {
    guard let dir = path(environment: environment) else { return }
    try? SafeFiles.makePrivateDirectory(dir)
    try? SafeFiles.replace(directory: dir, name: "last-protocol", bytes: Array((id + "\n").utf8))
  }
}
