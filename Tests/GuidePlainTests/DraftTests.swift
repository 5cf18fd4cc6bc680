import Foundation  // tests only: temporary directories
import GuideEngine
@testable import GuidePlain
import GuideProtocols
import GuideStore
import Testing

/// Plain mode at a terminal keeps the case in an encrypted draft: a passphrase after the
/// protocol, every event saved before the next question, resume continues it, and a finished
/// case whose summary was saved deletes it. A script keeps none and is asked no passphrase.
@Suite(.serialized) struct DraftTests {
  static let passphrase = "correct horse battery"
  /// A cheaper scrypt than the real one (16 MiB instead of 128) keeps the tests quick; the draft
  /// records the parameters.
  static let derivation = KeyDerivation.Function.scrypt(n: 1 << 14, r: 8, p: 1)

  static func temporaryStore() throws -> DraftStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("csec-plain-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return DraftStore(directory: path + "/drafts")
  }

  static func options(_ store: DraftStore?, protocolID: String? = "san-mateo") -> PlainOptions {
    var options = PlainOptions(
      protocols: PlainFixtures.catalog.protocols, protocolID: protocolID, exportDirectory: nil, now: { PlainFixtures.now })
    options.draftStore = store
    options.keyDerivation = derivation
    return options
  }

  static func play(_ inputs: [PlainInput], store: DraftStore?, protocolID: String? = "san-mateo", terminal: Bool = true) -> Played {
    var guide = PlainGuide(io: ScriptedIO(inputs: inputs, inputIsTerminal: terminal), options: options(store, protocolID: protocolID))
    let outcome = guide.run()
    return Played(outcome: outcome, guide: guide)
  }

  static func resume(_ inputs: [PlainInput], store: DraftStore, id: String? = nil) -> Played {
    var guide = PlainGuide(io: ScriptedIO(inputs: inputs, inputIsTerminal: true), options: options(store))
    let outcome = guide.resume(id: id)
    return Played(outcome: outcome, guide: guide)
  }

  static func lines(_ lines: String...) -> [PlainInput] { lines.map(PlainInput.line) }

  /// Reads the draft (without taking its lock) at every question: what was on disk then.
  struct CheckingIO: PlainIO {
    final class Snapshots { var events: [[CaseEvent]] = [] }
    var inner: ScriptedIO
    let store: DraftStore
    let snapshots = Snapshots()

    var inputIsEchoed: Bool { inner.inputIsEchoed }
    var inputIsTerminal: Bool { inner.inputIsTerminal }
    var terminalLineLimit: Int? { inner.terminalLineLimit }
    mutating func write(_ text: String) { inner.write(text) }
    mutating func nextInput() -> PlainInput {
      if let id = store.list().first?.id {
        snapshots.events.append((try? store.verify(id, passphrase: DraftTests.passphrase).events) ?? [])
      }
      return inner.nextInput()
    }
  }

  @Test func aCaseStartedWithAPassphraseIsSavedAfterEveryEvent() throws {
    let store = try Self.temporaryStore()
    let inputs = Self.lines(
      Self.passphrase, Self.passphrase, "3", "", "k", "SM-7", "d", "Called the police", "R-1", "a", "Parent informed")
      + [.hangUp(signal: SIGHUP)]
    let io = CheckingIO(inner: ScriptedIO(inputs: inputs, inputIsTerminal: true), store: store)
    var guide = PlainGuide(io: io, options: Self.options(store))
    let outcome = guide.run()
    let output = guide.io.inner.output

    #expect(outcome.status == 128 + SIGHUP)
    #expect(output.contains("This case is saved as you go, encrypted with a passphrase you choose now"))
    #expect(output.contains("'csec-guide resume --plain' continues it."))
    #expect(!output.contains(Self.passphrase), "the passphrase was written")
    #expect(!output.contains("keeps no draft"))
    let id = try #require(store.list().first?.id)
    #expect(outcome.messages == ["csec-guide: the case is kept in its encrypted draft \(id); 'csec-guide resume --plain' continues it."])

    // Before the signal was read, the draft already held every event of the case.
    let events = try #require(guide.current?.events)
    #expect(events.count >= 6)
    #expect(guide.io.snapshots.events.last == events)
    // At every question the draft held a prefix of the case, growing as answers were recorded.
    let counts = guide.io.snapshots.events.map(\.count)
    #expect(counts == counts.sorted())
    #expect(Set(counts).count >= 4, "\(counts)")
    for snapshot in guide.io.snapshots.events { #expect(Array(events.prefix(snapshot.count)) == snapshot) }

    // Opened with its passphrase, the draft's events are the case's, and its header is listed.
    let draft = try store.open(id, passphrase: Self.passphrase)
    defer { draft.close() }
    #expect(draft.log.events == events)
    #expect(draft.header.reference == "SM-7")
    #expect(draft.header.protocolID == "san-mateo")
  }

  @Test func aShortOrMismatchedPassphraseIsAskedAgain() throws {
    let store = try Self.temporaryStore()
    let played = Self.play(Self.lines("short", "long enough 1", "long enough 2", Self.passphrase, Self.passphrase, "3", ""), store: store)
    #expect(played.output.contains("That passphrase has 5 characters; it needs at least 8. Type another."))
    #expect(played.output.contains("The two passphrases differ. Type the passphrase again."))
    #expect(!played.output.contains("long enough"))
    #expect(played.state?.activeRun?.pathway == .suspectedVictim)
    #expect(store.list().count == 1)
    #expect(played.outcome.status == 0)
  }

  /// A signal ends a case typed at a terminal that has no draft (no state directory): the
  /// records are lost, so the status is 74 with how many, as in the full screen.
  @Test func aSignalEndingACaseWithoutADraftSaysWhatIsLost() throws {
    let played = Self.play(Self.lines("3", "", "d", "note", "") + [.hangUp(signal: SIGHUP)], store: nil)
    #expect(played.outcome.status == 74, "\(played.outcome)")
    #expect(played.outcome.messages.last?.hasPrefix("csec-guide: ended by signal 1; this case had no draft, so ") == true, "\(played.outcome.messages)")
    let nothing = Self.play([.hangUp(signal: SIGHUP)], store: nil)
    #expect(nothing.outcome.status == 128 + SIGHUP, "nothing recorded but the opening: \(nothing.outcome)")
  }

  /// An older copy of the draft put back: resuming says how many saves are missing and asks
  /// before the case goes on; declining leaves the draft untouched.
  @Test func anOlderDraftPutBackIsSaidBeforeTheCaseResumes() throws {
    let store = try Self.temporaryStore()
    _ = Self.play(Self.lines(Self.passphrase, Self.passphrase, "3", "") + [.hangUp(signal: SIGTERM)], store: store)
    let id = try #require(store.list().first?.id)
    let path = store.directory + "/\(id).draft"
    let old = try Data(contentsOf: URL(fileURLWithPath: path))
    let second = Self.resume(Self.lines(Self.passphrase, "d", "second", "") + [.hangUp(signal: SIGHUP)], store: store, id: id)
    #expect(second.outcome.status == 128 + SIGHUP)
    try old.write(to: URL(fileURLWithPath: path))
    // Asked first: n leaves the draft exactly as it is (the newer copy can still be looked for).
    let declined = Self.resume(Self.lines(Self.passphrase, "n"), store: store, id: id)
    #expect(declined.output.contains("Warning: draft \(id) is older than the last one this account saved:"), "\(declined.output)")
    #expect(declined.output.contains("Continue with this copy?"))
    #expect(!declined.output.contains("Case resumed under"))
    #expect(declined.outcome == PlainOutcome(status: 66, messages: ["csec-guide: the draft \(id) was left as it is."]))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == old, "declining changed the draft")
    let third = Self.resume(Self.lines(Self.passphrase, "y") + [.hangUp(signal: SIGHUP)], store: store, id: id)
    #expect(third.output.contains("Warning: draft \(id) is older than the last one this account saved:"), "\(third.output)")
    #expect(third.output.contains("saves are missing") || third.output.contains("save is missing"))
    let warning = try #require(third.output.range(of: "Warning: draft"))
    let resumed = try #require(third.output.range(of: "Case resumed under"))
    #expect(warning.lowerBound < resumed.lowerBound)
  }

  @Test func resumeContinuesTheCaseWhereItStopped() throws {
    let store = try Self.temporaryStore()
    let first = Self.play(Self.lines(Self.passphrase, Self.passphrase, "3", "", "d", "first", "") + [.hangUp(signal: SIGTERM)], store: store)
    #expect(first.outcome.status == 128 + SIGTERM)
    let guide = try PlainFixtures.guide("san-mateo")
    let steps = try #require(guide.pathway(.suspectedVictim)?.steps.map(\.id))

    let resumed = Self.resume(
      Self.lines("1", "not the passphrase", Self.passphrase, "d", "second", "") + [.hangUp(signal: SIGHUP)], store: store)
    #expect(resumed.outcome.status == 128 + SIGHUP)
    #expect(resumed.output.contains("Which case do you want to continue?"))
    #expect(resumed.output.contains("That passphrase does not open this draft. 2 tries left."))
    #expect(resumed.output.contains("Resumed where the case stopped."))
    #expect(resumed.output.contains("Step 2 of 7"), "\(resumed.output)")
    #expect(!resumed.output.contains(Self.passphrase))
    #expect(!resumed.output.contains("first"), "the list shows no content")
    let state = try #require(resumed.state)
    #expect(state.record(pathway: .suspectedVictim, step: steps[0]).status == .done)
    #expect(state.record(pathway: .suspectedVictim, step: steps[1]).status == .done)
    #expect(state.record(pathway: .suspectedVictim, step: steps[1]).note == "second")

    // The draft holds both sessions' events.
    let id = try #require(store.list().first?.id)
    let draft = try store.open(id, passphrase: Self.passphrase)
    defer { draft.close() }
    #expect(draft.log.events == resumed.guide.current?.events)
  }

  @Test func threeWrongPassphrasesKeepTheDraft() throws {
    let store = try Self.temporaryStore()
    _ = Self.play(Self.lines(Self.passphrase, Self.passphrase, "3", "") + [.hangUp(signal: SIGHUP)], store: store)
    let id = try #require(store.list().first?.id)
    let resumed = Self.resume(Self.lines("wrong 1", "wrong 2", "wrong 3"), store: store, id: id)
    #expect(resumed.outcome.status == PlainOutcome.draftNotOpenedStatus)
    #expect(resumed.output.contains("Three wrong passphrases: the draft is kept."))
    #expect(store.list().map(\.id) == [id])
  }

  @Test func aFinishedCaseWhoseSummaryWasSavedDeletesItsDraft() throws {
    let store = try Self.temporaryStore()
    let played = Self.play(
      Self.lines(Self.passphrase, Self.passphrase, "2", "f", "y", "e", "1", "2", "q"), store: store, protocolID: "sro-model")
    #expect(played.outcome == PlainOutcome(status: 0, messages: ["csec-guide: the finished case's draft was deleted; the saved summary is its record."]))
    #expect(played.printedSummary() != nil)
    #expect(store.list().isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory).isEmpty)
  }

  @Test func quittingAnOpenCaseKeepsItsDraftWithoutAsking() throws {
    let store = try Self.temporaryStore()
    let played = Self.play(Self.lines(Self.passphrase, Self.passphrase, "3", "", "d", "", "", "q"), store: store)
    #expect(played.outcome.status == 0)
    #expect(!played.output.contains("(y or n)"))
    #expect(played.outcome.messages.first?.hasPrefix("csec-guide: the case is kept in its encrypted draft") == true)
    #expect(store.list().count == 1)
  }

  @Test func aScriptIsAskedNoPassphraseAndKeepsNoDraft() throws {
    let store = try Self.temporaryStore()
    let played = Self.play(Self.lines("2", "f", "y", "e", "1", "2"), store: store, protocolID: "sro-model", terminal: false)
    #expect(played.outcome == PlainOutcome(status: 0, messages: []))
    #expect(played.output.contains("Plain mode keeps no draft when its input is not a terminal: save the summary before you quit."))
    #expect(!played.output.contains("Passphrase"))
    #expect(played.readEverything)
    #expect(store.list().isEmpty)
  }
}
