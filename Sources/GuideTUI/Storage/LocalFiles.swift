import GuideEngine
import GuideStore

/// The one file the front end writes besides drafts and exports: the last protocol chosen
/// (no case data), in the XDG state directory.
public enum LocalFiles {
  /// `$XDG_STATE_HOME/csec-guide`, or `~/.local/state/csec-guide` (a relative XDG path is
  /// ignored, as the XDG specification says).
  public static func stateDirectory(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/csec-guide" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/csec-guide" }
    return nil
  }

  public static func readLastProtocol(environment: [String: String]) -> String? {
    guard let dir = stateDirectory(environment: environment),
      let bytes = try? SafeFiles.read(dir + "/last-protocol", limit: 128)
    else { return nil }
    let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    return text.isEmpty ? nil : text
  }

  /// Best effort: a state directory that cannot be written only means no remembered choice.
  public static func writeLastProtocol(_ id: String, environment: [String: String]) {
    guard let dir = stateDirectory(environment: environment) else { return }
    try? SafeFiles.makePrivateDirectory(dir)
    try? SafeFiles.replace(directory: dir, name: "last-protocol", bytes: Array((id + "\n").utf8))
  }
}
