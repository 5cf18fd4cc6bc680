import Crypto
import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// A draft older than the last one this account saw: an older copy was put back (from a backup,
/// or by someone who can write the drafts folder), and the records of the missing saves are not
/// in it. The front ends show `description` before the case is worked on.
public struct RollbackWarning: Equatable, Sendable, CustomStringConvertible {
  public var id: String
  /// The save number of the draft found.
  public var found: Int
  /// The last save number this account saw for the draft.
  public var lastSeen: Int
  /// How many saves are missing (0 when the draft has the same number but other content).
  public var missingSaves: Int { max(0, lastSeen - found) }

  public var description: String {
    if missingSaves == 0 {
      return "Warning: draft \(id) is not the one this account last saved (save \(found) has other content): it may have been replaced. Check the case's records before relying on them."
    }
    return "Warning: draft \(id) is older than the last one this account saved: \(missingSaves) save\(missingSaves == 1 ? " is" : "s are") missing (this is save \(found); save \(lastSeen) was seen). Records made in \(missingSaves == 1 ? "that save" : "those saves") are not in it; an older copy may have been put back."
  }

  /// What both front ends ask after the warning, before anything is added to this copy.
  public static let question =
    "Continue with this copy? What you record is added to it and the missing records are not recovered; otherwise the draft is left as it is, so the newer copy can be looked for."
}

/// The account's record, outside the drafts directory, of the last save number and digest seen
/// for each draft: one `ID SAVE SHA256` line per draft in a 0600 file (written whole by
/// replacement, under an exclusive lock, so two sessions never lose each other's line). It
/// detects an older draft put back by someone who can write the drafts directory but not this
/// file; someone who can rewrite both can roll back both (docs/privacy.md).
public final class SaveLedger: @unchecked Sendable {
  public struct Seen: Equatable, Sendable {
    public var save: Int
    public var digest: String
  }

  public let path: String

  public init(path: String) { self.path = path }

  private var directory: String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
  private var name: String { path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path }

  /// Every draft's last save seen (empty when the file does not exist or cannot be read).
  public func read() -> [String: Seen] {
    guard let bytes = try? SafeFiles.read(path, limit: 4 << 20) else { return [:] }
    var seen: [String: Seen] = [:]
    for line in bytes.split(separator: 10) {
      let parts = line.split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
      guard parts.count == 3, let save = Int(parts[1]) else { continue }
      seen[parts[0]] = Seen(save: save, digest: parts[2])
    }
    return seen
  }

  public func seen(_ id: String) -> Seen? { read()[id] }

  /// Records a save of draft `id` (kept only when it is not older than the one recorded).
  public func record(_ id: String, save: Int, bytes: [UInt8]) {
    update { seen in
      if let old = seen[id], old.save > save { return }
      seen[id] = Seen(save: save, digest: Self.digest(bytes))
    }
  }

  public func forget(_ id: String) {
    update { $0[id] = nil }
  }

  /// The warning for draft `id` with save number `save` and these bytes, or nil when it is the
  /// last one seen, newer, or never seen.
  public func check(_ id: String, save: Int, bytes: [UInt8]) -> RollbackWarning? {
    guard let last = seen(id) else { return nil }
    if save < last.save || (save == last.save && Self.digest(bytes) != last.digest) {
      return RollbackWarning(id: id, found: save, lastSeen: last.save)
    }
    return nil
  }

  static func digest(_ bytes: [UInt8]) -> String { Hex.string(Array(SHA256.hash(data: bytes))) }

  private func update(_ change: (inout [String: Seen]) -> Void) {
    // The directory is the drafts directory's parent, made by DraftStore.prepare in the
    // default layout; a configured one is never created or changed here (its mode is the
    // administrator's). When it cannot be written, nothing is recorded.
    let fd = open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    defer { close(fd) }
    fchmod(fd, 0o600)
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { return }
    }
    defer { flock(fd, LOCK_UN) }
    var seen = read()
    change(&seen)
    let text = seen.keys.sorted().map { "\($0) \(seen[$0]!.save) \(seen[$0]!.digest)\n" }.joined()
    try? SafeFiles.replace(directory: directory, name: name, bytes: Array(text.utf8))
  }
}
