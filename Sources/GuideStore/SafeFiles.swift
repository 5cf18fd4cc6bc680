#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file operation failed, in words for the status line.
public struct FileFailure: Error, Equatable, CustomStringConvertible {
  public var errno: Int32
  public var what: String
  public init(errno: Int32, what: String) {
    self.errno = errno
    self.what = what
  }
  public var description: String { "\(what): \(String(cString: strerror(errno)))" }
  public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// The few file operations the program needs, done carefully: private modes whatever the
/// umask, crash-safe replacement (temporary file, fsync, rename, fsync of the directory), and
/// new files that never overwrite or follow a planted link.
public enum SafeFiles {
  /// Creates each missing directory of an absolute `path` with mode 0700.
  public static func makePrivateDirectory(_ path: String) throws(FileFailure) {
    var current = ""
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o700) == 0 {
        chmod(current, 0o700)  // the umask may have removed bits; make it exactly 0700
      } else if errno != EEXIST {
        throw FileFailure(errno: errno, what: "cannot create \(current)")
      }
    }
    // The last component must be a real directory, not a link someone planted.
    var info = stat()
    guard lstat(path, &info) == 0 else { throw FileFailure(errno: errno, what: path) }
    guard (info.st_mode & S_IFMT) == S_IFDIR else { throw FileFailure(errno: ENOTDIR, what: path) }
    if info.st_mode & 0o077 != 0 { chmod(path, 0o700) }
  }

  /// Writes all of `bytes` to `fd`.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += n
    }
    return nil
  }

  /// A new temporary file in `directory` (mode 0600), written and flushed to disk; returns its
  /// name. The caller renames or links it into place.
  static func writeTemporary(directory: String, bytes: [UInt8]) throws(FileFailure) -> String {
    var random = SystemRandomNumberGenerator()
    for _ in 0..<10 {
      let name = temporaryPrefix + "\(getpid())-\(String(random.next() as UInt32, radix: 16))"
      let path = directory + "/" + name
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd < 0 {
        if errno == EEXIST { continue }
        throw FileFailure(errno: errno, what: "cannot write in \(directory)")
      }
      fchmod(fd, 0o600)
      if let error = writeAll(fd, bytes) {
        close(fd)
        unlink(path)
        throw FileFailure(errno: error, what: "cannot write in \(directory)")
      }
      if fsync(fd) != 0 {
        let error = errno
        close(fd)
        unlink(path)
        throw FileFailure(errno: error, what: "cannot write in \(directory)")
      }
      close(fd)
      return name
    }
    throw FileFailure(errno: EEXIST, what: "cannot make a temporary file in \(directory)")
  }

  static func syncDirectory(_ directory: String) {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if fd >= 0 {
      fsync(fd)
      close(fd)
    }
  }

  /// Replaces `directory/name` with `bytes` so that a crash at any moment leaves either the old
  /// file or the new one, never a torn one.
  public static func replace(directory: String, name: String, bytes: [UInt8]) throws(FileFailure) {
    let temporary = try writeTemporary(directory: directory, bytes: bytes)
    guard rename(directory + "/" + temporary, directory + "/" + name) == 0 else {
      let error = errno
      unlink(directory + "/" + temporary)
      throw FileFailure(errno: error, what: "cannot save \(directory)/\(name)")
    }
    syncDirectory(directory)
  }

  /// Writes `bytes` as a new file `directory/name`, never overwriting an existing file and never
  /// writing through a link: the complete file appears at once. On Linux the content is written
  /// to an unnamed file (O_TMPFILE) and linked into place, so a kill at any moment leaves either
  /// no file or the whole one, and never a temporary file with the content in it; elsewhere (or
  /// on a file system without O_TMPFILE) a named temporary is linked, and one left by a kill is
  /// removed the next time (`removeStaleTemporaries`). Returns false when the name is taken.
  public static func createNew(directory: String, name: String, bytes: [UInt8]) throws(FileFailure) -> Bool {
    guard !name.contains("/"), name != ".", name != ".." else {
      throw FileFailure(errno: EINVAL, what: "not a plain file name: \(name)")
    }
    #if os(Linux)
      if let linked = try createNewUnnamed(directory: directory, name: name, bytes: bytes) { return linked }
    #endif
    removeStaleTemporaries(directory)
    let temporary = try writeTemporary(directory: directory, bytes: bytes)
    defer { unlink(directory + "/" + temporary) }
    if link(directory + "/" + temporary, directory + "/" + name) == 0 {
      syncDirectory(directory)
      return true
    }
    if errno == EEXIST { return false }
    throw FileFailure(errno: errno, what: "cannot save \(directory)/\(name)")
  }

  #if os(Linux)
    /// O_TMPFILE then linkat through /proc/self/fd; nil when the file system cannot do it.
    private static func createNewUnnamed(directory: String, name: String, bytes: [UInt8]) throws(FileFailure) -> Bool? {
      // O_TMPFILE is a macro Swift does not import: __O_TMPFILE (020000000) | O_DIRECTORY.
      let fd = open(directory, 0o20000000 | O_DIRECTORY | O_WRONLY | O_CLOEXEC, 0o600)
      if fd < 0 {
        // Not supported by this kernel or file system: the named temporary instead.
        if errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL { return nil }
        throw FileFailure(errno: errno, what: "cannot write in \(directory)")
      }
      defer { close(fd) }
      fchmod(fd, 0o600)
      if let error = writeAll(fd, bytes) { throw FileFailure(errno: error, what: "cannot write in \(directory)") }
      if fsync(fd) != 0 { throw FileFailure(errno: errno, what: "cannot write in \(directory)") }
      if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, directory + "/" + name, AT_SYMLINK_FOLLOW) == 0 {
        syncDirectory(directory)
        return true
      }
      if errno == EEXIST { return false }
      // /proc is not mounted: the named temporary instead.
      if errno == ENOENT, !opendirOK("/proc/self/fd") { return nil }
      throw FileFailure(errno: errno, what: "cannot save \(directory)/\(name)")
    }

    private static func opendirOK(_ path: String) -> Bool {
      guard let dir = opendir(path) else { return false }
      closedir(dir)
      return true
    }
  #endif

  /// The prefix of the program's own temporary files: `.tmp-PID-RANDOM`.
  static let temporaryPrefix = ".tmp-"

  /// Removes the temporary files of this program in `directory` that no running process owns
  /// (a kill between writing one and linking or renaming it leaves it behind). Only regular
  /// files of this user named `.tmp-PID-HEX` whose process is gone are removed.
  public static func removeStaleTemporaries(_ directory: String) {
    for name in list(directory) where name.hasPrefix(temporaryPrefix) {
      let parts = name.dropFirst(temporaryPrefix.count).split(separator: "-")
      guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt32(parts[1], radix: 16) != nil else { continue }
      if pid == getpid() { continue }
      if kill(pid, 0) == 0 || errno == EPERM { continue }  // still running
      var info = stat()
      let path = directory + "/" + name
      guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else { continue }
      unlink(path)
    }
  }

  /// The whole file, refusing links and anything over `limit` bytes.
  public static func read(_ path: String, limit: Int = 64 << 20) throws(FileFailure) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else { throw FileFailure(errno: errno, what: "cannot open \(path)") }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileFailure(errno: errno, what: "cannot read \(path)")
      }
      if n == 0 { break }
      bytes += chunk[0..<n]
      if bytes.count > limit { throw FileFailure(errno: EFBIG, what: "\(path) is too large") }
    }
    return bytes
  }

  public static func list(_ directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Seconds since the epoch of the file's last change, or nil.
  public static func modificationTime(_ path: String) -> Int64? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return Int64(info.st_mtim.tv_sec)
  }
}
