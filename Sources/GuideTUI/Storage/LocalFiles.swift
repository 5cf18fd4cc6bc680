import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// The few files the front end writes: the summary when the user saves it, and the last
/// protocol chosen (no case data).
public enum LocalFiles {
  /// `$XDG_STATE_HOME/csec-guide`, or `~/.local/state/csec-guide` (a relative XDG path is
  /// ignored, as the XDG specification says).
  public static func stateDirectory(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/csec-guide" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/csec-guide" }
    return nil
  }

  public static func readLastProtocol(environment: [String: String]) -> String? {
    guard let dir = stateDirectory(environment: environment) else { return nil }
    let fd = open(dir + "/last-protocol", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: 128)
    let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard n > 0 else { return nil }
    let text = String(decoding: bytes[0..<n], as: UTF8.self).trimmingSpaces()
    return text.isEmpty ? nil : text
  }

  public static func writeLastProtocol(_ id: String, environment: [String: String]) {
    guard let dir = stateDirectory(environment: environment), makeDirectories(dir) else { return }
    _ = writeNew(path: dir + "/last-protocol.tmp", text: id + "\n", exclusive: false)
    rename(dir + "/last-protocol.tmp", dir + "/last-protocol")
  }

  /// Creates each missing directory of `path` with mode 0700 (whatever the umask).
  static func makeDirectories(_ path: String) -> Bool {
    var current = ""
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o700) == 0 {
        chmod(current, 0o700)
      } else if errno != EEXIST {
        return false
      }
    }
    return true
  }

  /// Writes a new file with mode 0600, flushed to disk. With `exclusive`, an existing file
  /// (or a planted link) is never written through. Returns errno on failure.
  static func writeNew(path: String, text: String, exclusive: Bool) -> Int32? {
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (exclusive ? O_EXCL : O_TRUNC)
    let fd = open(path, flags, 0o600)
    guard fd >= 0 else { return errno }
    fchmod(fd, 0o600)
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        let error = errno
        close(fd)
        unlink(path)
        return error
      }
      offset += n
    }
    if fsync(fd) != 0 {
      let error = errno
      close(fd)
      unlink(path)
      return error
    }
    close(fd)
    return nil
  }

}
