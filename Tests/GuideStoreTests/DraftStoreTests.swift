import Foundation  // tests only: temporary directories and file attributes
import GuideEngine
@testable import GuideStore
import Testing

/// A cheaper scrypt than the real one (16 MiB instead of 128) keeps the tests quick; the header
/// records the parameters.
let testDerivation = KeyDerivation.Function.scrypt(n: 1 << 14, r: 8, p: 1)

func temporaryDirectory() throws -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("csec-store-\(UUID().uuidString)").path
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func mode(_ path: String) -> Int {
  var info = stat()
  lstat(path, &info)
  return Int(info.st_mode & 0o777)
}

let t0 = Timestamp(secondsSinceEpoch: 1_764_090_000, utcOffsetMinutes: -480)

func sampleEvents() -> [CaseEvent] {
  [
    CaseEvent(at: t0, .opened(protocolID: "san-mateo", mode: .real)),
    CaseEvent(at: t0.adding(hours: 1), .situationChosen(.suspectedVictim)),
    CaseEvent(at: t0.adding(hours: 2), .caseNoteAdded("canary-note ✓ \"quoted\"")),
  ]
}

@Suite(.serialized) struct DraftStoreTests {
  @Test func aDraftRoundTripsWithItsPassphrase() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "correct horse", derivation: testDerivation)
    for event in sampleEvents() { #expect(draft.append(.event(event), reference: "2025-7", now: event.at) == nil) }
    draft.append(.audit(at: t0.adding(hours: 3), what: "summary exported: text file"), reference: "2025-7", now: t0)
    draft.close()
    let listing = try #require(store.list().first)
    #expect(listing.header?.reference == "2025-7")
    #expect(listing.header?.protocolID == "san-mateo")
    let reopened = try store.open(draft.id, passphrase: "correct horse")
    #expect(reopened.log.events == sampleEvents())
    #expect(reopened.log.entries.count == 4)
    #expect(try store.verify(draft.id, passphrase: "correct horse").head == reopened.log.head)
  }

  @Test func filesAreForTheOwnerOnlyWhateverTheUmask() throws {
    let dir = try temporaryDirectory()
    let old = umask(0)
    defer { umask(old) }
    let store = DraftStore(directory: dir + "/state/csec-guide/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    draft.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    #expect(mode(dir + "/state") == 0o700)
    #expect(mode(dir + "/state/csec-guide/drafts") == 0o700)
    for name in try FileManager.default.contentsOfDirectory(atPath: store.directory) {
      #expect(mode(store.directory + "/" + name) == 0o600, "\(name)")
    }
  }

  @Test func nothingOfTheCaseIsInTheClear() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    for event in sampleEvents() { draft.append(.event(event), reference: nil, now: event.at) }
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/\(draft.id).draft"))
    #expect(bytes.range(of: Data("canary-note".utf8)) == nil)
    #expect(bytes.range(of: Data("suspected".utf8)) == nil)
  }

  @Test func aWrongPassphraseIsSaidAndTheDraftKept() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "right", derivation: testDerivation)
    draft.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    draft.close()
    #expect(throws: DraftError.wrongPassphrase) { try store.open(draft.id, passphrase: "wrong") }
    #expect(store.list().count == 1)
    #expect(try store.open(draft.id, passphrase: "right").log.events.count == 1)
  }

  @Test func damagedDraftsGiveAClearMessageAndAreKept() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    for event in sampleEvents() { draft.append(.event(event), reference: nil, now: event.at) }
    draft.close()
    let path = dir + "/\(draft.id).draft"
    let good = try Data(contentsOf: URL(fileURLWithPath: path))
    let headerEnd = good.firstIndex(of: 10).flatMap { good[($0 + 1)...].firstIndex(of: 10) }!
    var flipped = good
    flipped[good.count - 20] ^= 0x40
    var flippedHeader = good
    let protocolAt = try #require(good.range(of: Data("san-mateo".utf8))).lowerBound
    flippedHeader[protocolAt] ^= 0x01  // "san-mateo" becomes "ran-mateo": authenticated data changed
    var flippedCheck = good
    flippedCheck[headerEnd - 3] ^= 0x01
    let cases: [(String, Data, String)] = [
      ("truncated", good.prefix(good.count - 10), "damaged"),
      ("cut in the header", good.prefix(30), "damaged"),
      ("bit-flipped", flipped, "does not decrypt"),
      ("header altered", flippedHeader, "does not decrypt"),
      ("key check altered", flippedCheck, "may have been altered"),
      ("empty", Data(), "it is empty"),
      ("another file type", Data("%PDF-1.7 not a draft".utf8), "not a csec-guide draft"),
    ]
    for (name, bytes, expected) in cases {
      try bytes.write(to: URL(fileURLWithPath: path))
      let message = openFailure(store, draft.id, "p")
      #expect(message?.contains(expected) == true, "\(name): \(message ?? "opened")")
      #expect(FileManager.default.fileExists(atPath: path), "\(name): the draft was removed")
    }
  }

  @Test func aNewerFormatIsRefusedPolitely() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    try Data("csec-guide-draft\n{\"version\":2}\nxxxx".utf8).write(to: URL(fileURLWithPath: dir + "/future.draft"))
    #expect(throws: DraftError.newerVersion(2)) { try store.open("future", passphrase: "p") }
    #expect(store.list().first?.problem?.contains("newer csec-guide") == true)
  }

  @Test func aChangedOrRemovedEntryBreaksTheChain() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    for event in sampleEvents() { draft.append(.event(event), reference: nil, now: event.at) }
    // Someone with the passphrase rewrites the log: remove the second entry, re-encrypt.
    var lines = draft.log.serialized().split(separator: 10).map(Array.init)
    lines.remove(at: 1)
    let tampered = Array(lines.joined(separator: [10])) + [10]
    #expect(throws: CaseLog.Broken.self) { try CaseLog.parse(tampered) }
    // Change a note in place, keeping the stored hash.
    let changed = String(decoding: draft.log.serialized(), as: UTF8.self).replacingOccurrences(of: "canary-note", with: "altered-note")
    let broken = parseFailure(Array(changed.utf8))
    #expect(broken?.contains("does not match its hash") == true, "\(broken ?? "accepted")")
  }

  @Test func twoSessionsCannotHoldTheSameDraft() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    draft.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    #expect(throws: DraftError.locked) { try store.open(draft.id, passphrase: "p") }
    #expect(throws: DraftError.locked) { try store.delete(draft.id) }
    draft.close()
    let again = try store.open(draft.id, passphrase: "p")
    again.append(.event(sampleEvents()[1]), reference: nil, now: t0)
    #expect(again.log.events.count == 2)
  }

  @Test func oldDraftsExpireAndOpenOnesAreLeftAlone() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir, ledger: SaveLedger(path: dir + ".saves"))
    let old = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    old.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    old.close()
    let recent = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    recent.append(.event(sampleEvents()[0]), reference: nil, now: t0.adding(hours: 24 * 13))
    let busy = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    busy.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    let pending = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    pending.describe(lifecycle: "written-report-pending", writtenReportDue: t0.adding(hours: 36))
    pending.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    pending.close()
    let result = store.expire(days: 14, now: t0.adding(hours: 24 * 15)) { $0.lifecycle == "written-report-pending" }
    #expect(result.removed == [old.id])
    #expect(result.kept == [pending.id])
    #expect(Set(store.list().map(\.id)) == [recent.id, busy.id, pending.id])
  }

  @Test func aFailedSaveKeepsTheEntryAndIsRetried() throws {
    let dir = try temporaryDirectory()
    let store = DraftStore(directory: dir + "/drafts")
    let draft = try store.create(protocolID: "san-mateo", opened: t0, passphrase: "p", derivation: testDerivation)
    draft.append(.event(sampleEvents()[0]), reference: nil, now: t0)
    // The directory disappears behind a file (as unusable as a full or read-only disk, and
    // root can still write to a read-only directory).
    try FileManager.default.moveItem(atPath: dir + "/drafts", toPath: dir + "/moved")
    try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/drafts"))
    let failure = draft.append(.event(sampleEvents()[1]), reference: nil, now: t0)
    #expect(failure != nil)
    #expect(draft.unsaved == 1)
    #expect(draft.log.events.count == 2, "the event stays in memory")
    try FileManager.default.removeItem(atPath: dir + "/drafts")
    try FileManager.default.moveItem(atPath: dir + "/moved", toPath: dir + "/drafts")
    #expect(draft.append(.event(sampleEvents()[2]), reference: nil, now: t0) == nil, "the retry succeeds")
    draft.close()
    #expect(try store.open(draft.id, passphrase: "p").log.events == sampleEvents())
  }

  @Test func newFilesNeverOverwriteOrFollowLinks() throws {
    let dir = try temporaryDirectory()
    try Data("keep".utf8).write(to: URL(fileURLWithPath: dir + "/taken.txt"))
    try FileManager.default.createSymbolicLink(atPath: dir + "/planted.txt", withDestinationPath: dir + "/target.txt")
    #expect(try SafeFiles.createNew(directory: dir, name: "taken.txt", bytes: Array("new".utf8)) == false)
    #expect(try SafeFiles.createNew(directory: dir, name: "planted.txt", bytes: Array("new".utf8)) == false)
    #expect(!FileManager.default.fileExists(atPath: dir + "/target.txt"), "written through a planted link")
    #expect(try String(contentsOfFile: dir + "/taken.txt", encoding: .utf8) == "keep")
    #expect(try SafeFiles.createNew(directory: dir, name: "fresh.txt", bytes: Array("new".utf8)))
    #expect(mode(dir + "/fresh.txt") == 0o600)
    #expect(throws: FileFailure.self) { try SafeFiles.createNew(directory: dir, name: "../escape.txt", bytes: []) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".tmp") }.isEmpty)
  }
}

/// The message of the failure to open a draft, or nil when it opened.
func openFailure(_ store: DraftStore, _ id: String, _ passphrase: String) -> String? {
  do throws(DraftError) {
    let draft = try store.open(id, passphrase: passphrase)
    draft.close()
    return nil
  } catch {
    return error.description
  }
}

func parseFailure(_ bytes: [UInt8]) -> String? {
  do throws(CaseLog.Broken) {
    _ = try CaseLog.parse(bytes)
    return nil
  } catch {
    return error.description
  }
}
