import GuideEngine

#if canImport(Glibc)
  import Glibc
#endif

/// A draft as listed: never its content.
public struct DraftListing: Equatable, Sendable {
  public var id: String
  public var header: DraftHeader?
  /// Why the header could not be read (the file is kept).
  public var problem: String?
}

/// The drafts directory (GuideSession's `StateDirectory.drafts`: `$XDG_STATE_HOME/csec-guide/drafts`, 0700), one `ID.draft` file (0600)
/// per case, and an `ID.lock` held by the session that has it open.
///
/// A draft is bound to its case: the case id is in the header, which AES-GCM authenticates, and
/// a draft opens only when the id asked for, the file's name and that id agree (drafts written
/// before this check, format 1 as now, open when they agree and are refused when they do not).
/// The lock is on that id, so a copy of an open draft cannot be opened for writing beside it.
/// The account's `SaveLedger` (outside this directory) finds an older draft put back.
public final class DraftStore: @unchecked Sendable {
  public let directory: String
  public let ledger: SaveLedger

  public init(directory: String, ledger: SaveLedger) {
    self.directory = directory
    self.ledger = ledger
  }

  /// The ledger is `draft-saves` beside the drafts directory (in its parent).
  public convenience init(directory: String) {
    self.init(directory: directory, ledger: SaveLedger(path: Self.parent(of: directory) + "/draft-saves"))
  }

  private static func parent(of directory: String) -> String {
    var path = directory
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// A draft id has the form the store gives (lower-case letters and digits, at most 64): it is
  /// checked before any path is built from it, so `../x` never names a file.
  public static func isValidID(_ id: String) -> Bool {
    !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) }
  }

  func checkID(_ id: String) throws(DraftError) {
    guard Self.isValidID(id) else { throw DraftError.invalidID(id) }
  }

  public func prepare() throws(FileFailure) {
    try SafeFiles.makePrivateDirectory(directory)
    SafeFiles.removeStaleTemporaries(directory)
  }

  func path(_ id: String) -> String { directory + "/" + id + ".draft" }

  public func list() -> [DraftListing] {
    SafeFiles.removeStaleTemporaries(directory)
    return SafeFiles.list(directory).filter { $0.hasSuffix(".draft") && !$0.hasPrefix(".") }.map { name in
      let id = String(name.dropLast(".draft".count))
      do throws(DraftError) {
        try checkID(id)
        let bytes: [UInt8]
        do throws(FileFailure) { bytes = try SafeFiles.read(path(id)) } catch { throw DraftError.file(error) }
        return DraftListing(id: id, header: try DraftFile.header(of: bytes).header, problem: nil)
      } catch {
        return DraftListing(id: id, header: nil, problem: error.description)
      }
    }.sorted { ($0.header?.updated.secondsSinceEpoch ?? 0) > ($1.header?.updated.secondsSinceEpoch ?? 0) }
  }

  /// Deletes drafts not updated for `days` days; returns their ids, and those `keeping` held
  /// back. A draft open in another session is left alone.
  public func expire(
    days: Int, now: Timestamp, keeping: (DraftHeader) -> Bool = { _ in false }
  ) -> (removed: [String], kept: [String]) {
    var removed: [String] = []
    var kept: [String] = []
    let limit = now.secondsSinceEpoch - Int64(days) * 86_400
    for listing in list() {
      let updated = listing.header?.updated.secondsSinceEpoch ?? SafeFiles.modificationTime(path(listing.id)) ?? now.secondsSinceEpoch
      guard updated < limit else { continue }
      if let header = listing.header, keeping(header) {
        kept.append(listing.id)
        continue
      }
      guard let lock = try? Lock(directory + "/" + listing.id + ".lock") else { continue }
      unlink(path(listing.id))
      unlink(directory + "/" + listing.id + ".lock")
      if DraftStore.isValidID(listing.id) { ledger.forget(listing.id) }
      _ = lock
      removed.append(listing.id)
    }
    return (removed, kept)
  }

  public func delete(_ id: String) throws(DraftError) {
    try checkID(id)
    guard SafeFiles.list(directory).contains(id + ".draft") else {
      throw DraftError.file(FileFailure(errno: ENOENT, what: "no draft \(id)"))
    }
    let lock: Lock
    do throws(DraftError) { lock = try Lock(directory + "/" + id + ".lock") } catch { throw error }
    guard unlink(path(id)) == 0 else { throw DraftError.file(FileFailure(errno: errno, what: "cannot delete draft \(id)")) }
    unlink(directory + "/" + id + ".lock")
    SafeFiles.syncDirectory(directory)
    ledger.forget(id)
    _ = lock
  }

  /// Starts a new draft for a case.
  public func create(protocolID: String, opened: Timestamp, passphrase: String, derivation: KeyDerivation.Function = KeyDerivation.standard) throws -> OpenDraft {
    try prepare()
    var rng = SystemRandomNumberGenerator()
    var id = ""
    repeat {
      id = String((0..<8).map { _ in Array("abcdefghjkmnpqrstuvwxyz23456789")[Int.random(in: 0..<31, using: &rng)] })
    } while SafeFiles.list(directory).contains(id + ".draft")
    let key = try DraftKey(passphrase: passphrase, derivation: .fresh(derivation))
    let header = DraftHeader(
      id: id, protocolID: protocolID, reference: nil, opened: opened, updated: opened, derivation: key.derivation,
      keyCheck: key.check)
    let lock = try Lock(directory + "/" + id + ".lock")
    return OpenDraft(store: self, header: header, key: key, log: CaseLog(), lock: lock)
  }

  /// Opens an existing draft with its passphrase and holds it for this session. Refused, with
  /// nothing written, when the file holds another case (`otherCase`). `OpenDraft.rollback` says
  /// when the draft is older than the last one this account saw.
  public func open(_ id: String, passphrase: String) throws(DraftError) -> OpenDraft {
    let (bytes, header, key) = try read(id, passphrase: passphrase)
    // The lock is on the authenticated id (equal to the file's name and the id asked for).
    let lock = try Lock(directory + "/" + header.id + ".lock")
    let (_, log) = try DraftFile.decode(bytes, key: key)
    let rollback = ledger.check(header.id, save: header.save, bytes: bytes)
    if rollback == nil { ledger.record(header.id, save: header.save, bytes: bytes) }
    let draft = OpenDraft(store: self, header: header, key: key, log: log, lock: lock)
    draft.rollback = rollback
    draft.nextSave = max(header.save, rollback?.lastSeen ?? 0) + 1
    return draft
  }

  /// Checks a draft's log chain with its passphrase.
  public func verify(_ id: String, passphrase: String) throws(DraftError) -> CaseLog {
    try check(id, passphrase: passphrase).log
  }

  /// Checks a draft's log chain with its passphrase, and whether it is older than the last one
  /// this account saw. Nothing is written.
  public func check(_ id: String, passphrase: String) throws(DraftError) -> (log: CaseLog, rollback: RollbackWarning?) {
    let (bytes, header, key) = try read(id, passphrase: passphrase)
    let log = try DraftFile.decode(bytes, key: key).1
    return (log, ledger.check(header.id, save: header.save, bytes: bytes))
  }

  /// The draft file of `id`, its header and key, after checking that the id has the form of one
  /// and that the file holds that case.
  private func read(_ id: String, passphrase: String) throws(DraftError) -> ([UInt8], DraftHeader, DraftKey) {
    try checkID(id)
    let bytes: [UInt8]
    do throws(FileFailure) { bytes = try SafeFiles.read(path(id)) } catch { throw DraftError.file(error) }
    let (header, _) = try DraftFile.header(of: bytes)
    // The header is authenticated data: once the log decrypts, this id is the draft's own.
    guard header.id == id else { throw DraftError.otherCase(file: id, holds: header.id) }
    let key: DraftKey
    do { key = try DraftKey(passphrase: passphrase, derivation: header.derivation) } catch {
      throw DraftError.damaged("its key settings are unusable")
    }
    return (bytes, header, key)
  }
}

/// An advisory lock (flock) on a lock file, held until released or the process ends, so two
/// sessions of the same account never write the same draft.
final class Lock: @unchecked Sendable {
  private var fd: Int32

  init(_ path: String) throws(DraftError) {
    fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw DraftError.file(FileFailure(errno: errno, what: "cannot lock \(path)")) }
    fchmod(fd, 0o600)
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      fd = -1
      throw DraftError.locked
    }
  }

  func release() {
    if fd >= 0 {
      flock(fd, LOCK_UN)
      close(fd)
      fd = -1
    }
  }

  deinit { release() }
}

/// A draft this session holds: its key (in memory only), its log, and the lock.
public final class OpenDraft: @unchecked Sendable {
  public let store: DraftStore
  public private(set) var header: DraftHeader
  let key: DraftKey
  public private(set) var log: CaseLog
  private let lock: Lock
  /// Entries not yet on disk (a failed save is retried with the next one).
  public private(set) var unsaved = 0
  /// Set when the draft opened is older than the last one this account saw: the front ends
  /// show `description` at once.
  public internal(set) var rollback: RollbackWarning?
  /// The save number the next save writes.
  var nextSave = 1

  init(store: DraftStore, header: DraftHeader, key: DraftKey, log: CaseLog, lock: Lock) {
    self.store = store
    self.header = header
    self.key = key
    self.log = log
    self.lock = lock
  }

  public var id: String { header.id }

  /// Adds an entry and saves at once; on failure the entry stays in memory and the next save
  /// retries. Returns the failure to tell the user.
  @discardableResult
  public func append(_ body: LogEntry.Body, reference: String?, now: Timestamp) -> FileFailure? {
    log.append(body)
    unsaved += 1
    header.reference = reference
    header.updated = now
    return save()
  }

  @discardableResult
  public func save() -> FileFailure? {
    do {
      var saved = header
      saved.save = nextSave
      let bytes = try DraftFile.encode(header: saved, log: log, key: key)
      try SafeFiles.replace(directory: store.directory, name: header.id + ".draft", bytes: bytes)
      header = saved
      nextSave += 1
      store.ledger.record(header.id, save: header.save, bytes: bytes)
      unsaved = 0
      return nil
    } catch let failure as FileFailure {
      return failure
    } catch {
      return FileFailure(errno: EIO, what: "cannot seal the draft")
    }
  }

  /// True when `passphrase` is this draft's (unlocking the screen).
  public func matches(_ passphrase: String) -> Bool { key.matches(passphrase) }

  /// Sets what the clear header says of the case (written with the next save): where it
  /// stands and when its written report is due. Nothing else of the case is ever in the clear.
  public func describe(lifecycle: String?, writtenReportDue: Timestamp?) {
    header.lifecycle = lifecycle
    header.writtenReportDue = writtenReportDue
  }

  /// Removes the draft (after the summary is saved and the case finished, if the user wants).
  public func discard() {
    store.ledger.forget(header.id)
    unlink(store.path(header.id))
    unlink(store.directory + "/" + header.id + ".lock")
    lock.release()
  }

  public func close() { lock.release() }
}
