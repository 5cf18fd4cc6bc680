import GuideEngine
import GuideProtocols
import GuideSession
import GuideStore

/// The encrypted draft of a real case typed at a terminal: as in the full screen, a passphrase
/// when the case starts, every accepted event saved at once, the draft deleted once the case is
/// finished and its summary saved, and `csec-guide resume --plain` to continue it. A script (the
/// input is not a terminal) and a training walkthrough keep no draft and ask no passphrase.
extension PlainGuide {
  /// Why quitting now would lose what was recorded.
  var noDraftReason: String {
    if training != nil { return "nothing is saved in training" }
    if keeper.draft != nil { return "the draft could not be saved" }
    if !io.inputIsTerminal { return "plain mode keeps no draft when its input is not a terminal" }
    return "no draft can be kept"
  }

  /// True when quitting now would lose something recorded: not when the draft holds it all.
  var quittingLosesWork: Bool {
    guard let open = current, open.wouldLoseWork else { return false }
    if keeper.keepsEverything { return false }
    return true
  }

  // MARK: - Starting the draft

  /// After the protocol is chosen: the passphrase (typed twice, not shown), then the draft,
  /// saved after every event. Says plainly when no draft is kept, and why.
  mutating func startDraft() throws(PlainStop) {
    guard let open = current else { return }
    guard io.inputIsTerminal else {
      say("Plain mode keeps no draft when its input is not a terminal: save the summary before you quit.")
      return
    }
    guard let store = options.draftStore else {
      say("No draft can be kept (\(options.noDraftStoreReason)): this case is in memory only. Save the summary before you quit.")
      return
    }
    say()
    say("This case is saved as you go, encrypted with a passphrase you choose now, so a dropped connection loses nothing. 'csec-guide resume --plain' continues it.")
    say("The passphrase needs at least \(PassphraseRule.minimumLength) characters. It is not shown as you type, and it cannot be recovered: without it nobody can open the draft.")
    let passphrase = try newPassphrase()
    say("Preparing the encrypted draft.")
    do {
      let (created, change) = try DraftKeeper.create(
        in: store, for: open, passphrase: passphrase, derivation: options.keyDerivation, now: options.now())
      keeper = created
      report(change)
      if let draft = keeper.draft, keeper.keepsEverything {
        say("The case is saved encrypted as you go, in the draft \(draft.id). If the session ends, 'csec-guide resume --plain' continues it.")
      }
    } catch {
      say("No draft can be kept (\(error)): this case is in memory only. Save the summary before you quit.")
    }
  }

  /// A new passphrase: at least 8 characters, typed twice the same.
  mutating func newPassphrase() throws(PlainStop) -> String {
    while true {
      let first = try passphrase("Passphrase (at least \(PassphraseRule.minimumLength) characters, not shown):")
      if case .tooShort(let count)? = PassphraseRule.problem(first) {
        say("That passphrase has \(count) character\(count == 1 ? "" : "s"); it needs at least \(PassphraseRule.minimumLength). Type another.")
        continue
      }
      let second = try passphrase("The same passphrase again:")
      if PassphraseRule.problem(first, again: second) != nil {
        say("The two passphrases differ. Type the passphrase again.")
        continue
      }
      return first
    }
  }

  /// Reads a passphrase with the terminal's echo off (put back before anything else is said).
  /// It is never written: a script's output shows only the prompt. `q` alone quits, as Ctrl-C
  /// and Ctrl-D do.
  mutating func passphrase(_ prompt: String) throws(PlainStop) -> String {
    while true {
      switch PassphrasePrompt.ask(prompt, io: &io) {
      case .line(let line):
        linesRead += 1
        if line == "q" || line == "quit" {
          try confirmQuit()
          continue
        }
        return line
      case .ended: try confirmQuit(.endOfInput)
      case .interrupted: try confirmQuit(.interrupt)
      case .hangUp(let signal): throw .signal(signal)
      case .tooLong:
        linesRead += 1
        say("That line is too long to be a passphrase.")
      case .notUTF8:
        linesRead += 1
        say("That passphrase has a letter that is not UTF-8 (the terminal may send another encoding): type it without that letter.")
      }
    }
  }

  // MARK: - Saving

  /// Hands the case's new events to the draft (each append saves at once). A failure is said
  /// once; the case stays in memory and the next event retries the save.
  mutating func persist() {
    guard let open = current else { return }
    report(keeper.persist(open, now: options.now()))
  }

  /// An audit record in the draft (the summary viewed or exported), as the full screen keeps.
  mutating func audit(_ what: String) {
    report(keeper.audit(what, session: current, now: options.now()))
  }

  /// Says a failed save once, and its recovery.
  private mutating func report(_ change: DraftKeeper.Change?) {
    switch change {
    case .failed(let failure, firstTime: true)?:
      say("The draft could not be saved (\(DraftKeeper.reason(failure))). Nothing is lost yet: the case stays in memory, and saving is tried again at the next answer recorded.")
    case .recovered?:
      say("The draft is saved again.")
    default:
      break
    }
  }

  /// At the end of the session (see `DraftKeeper.close`). The lines for standard error.
  mutating func closeDraft() -> [String] {
    [keeper.close(current, now: options.now(), resume: "csec-guide resume --plain")].compactMap { $0 }
  }

  // MARK: - Resuming

  /// `csec-guide resume --plain [ID]`: the drafts as a numbered list (never their content), the
  /// passphrase (three tries), then the case replayed and continued where it stopped.
  public mutating func resume(id: String?) -> PlainOutcome {
    say("csec-guide, plain mode: one question at a time. Type the answer and press Enter.")
    say(Self.globalHint)
    do throws(PlainStop) {
      guard io.inputIsTerminal, let store = options.draftStore else {
        say("There are no drafts to resume here.")
        return PlainOutcome(status: 0, messages: [])
      }
      guard let opened = try openDraft(store, id: id) else {
        return PlainOutcome(status: PlainOutcome.draftNotOpenedStatus, messages: ["csec-guide: the draft was not opened; it is kept as it is."])
      }
      guard let loaded = options.protocols.first(where: { $0.guide.id == opened.header.protocolID }) else {
        opened.close()
        return PlainOutcome(
          status: PlainOutcome.draftNotOpenedStatus,
          messages: ["csec-guide: the draft \(opened.id) follows the protocol '\(opened.header.protocolID)', which is not available here; the draft is kept."])
      }
      // An older copy put back: the counselor decides before anything is added to it, so the
      // newer copy can still be looked for (nothing is written until a record is made).
      if let rollback = opened.rollback {
        say(rollback.description)
        let goOn: Bool
        do throws(PlainStop) {
          goOn = try yesNo(
            RollbackWarning.question,
            help: ["y continues this copy: what you record is added to it. n leaves the draft exactly as it is."],
            saying: ("continue with this copy", "leave the draft as it is"))
        } catch {
          opened.close()
          throw error
        }
        guard goOn else {
          opened.close()
          return PlainOutcome(status: PlainOutcome.draftNotOpenedStatus, messages: ["csec-guide: the draft \(opened.id) was left as it is."])
        }
      }
      let (resumed, refused) = CaseSession.resumed(loaded.guide, events: opened.log.events, zone: options.zone)
      current = resumed
      runsAtResume = resumed.state.runs.count
      keeper = DraftKeeper(resumed: opened, session: resumed)
      say("Case resumed under \(loaded.guide.title) (\(loaded.guide.jurisdiction)), opened \(resumed.state.openedAt.map(resumed.zone.show) ?? "").")
      say(refused == 0
        ? "Resumed where the case stopped. It is still saved encrypted as you go."
        : "Resumed; \(refused) entr\(refused == 1 ? "y" : "ies") of the draft could not be replayed. It is still saved encrypted as you go.")
      for line in PendingReport.lines(resumed, now: options.now()) { say(line) }
      try walkCase()
      return PlainOutcome(status: 0, messages: closeDraft())
    } catch {
      return ended(by: error)
    }
  }

  /// Chooses a draft (the one named, or from the list) and opens it with its passphrase; nil
  /// when it cannot be opened.
  private mutating func openDraft(_ store: DraftStore, id: String?) throws(PlainStop) -> OpenDraft? {
    let drafts = store.list()
    guard !drafts.isEmpty else {
      say("There are no drafts to resume.")
      throw .quit
    }
    var chosen = id.flatMap { id in drafts.first { $0.id == id } }
    if let id, chosen == nil { say("There is no draft '\(id)'. Choose one from the list.") }
    while chosen == nil {
      say()
      say("Which case do you want to continue? Only each draft's id, reference, protocol, dates, state and written report due are shown.")
      let now = options.now()
      let index = try choose(
        prompt: "Draft (1-\(drafts.count)):",
        drafts.map { DraftLine($0, now: now, zone: options.zone).sentence },
        details: drafts.map { listing in
          listing.header.map { _ in "last saved \(DraftLine(listing, now: now, zone: options.zone).updated)" }
        },
        help: ["Type the number of the draft to continue. Opening it asks for its passphrase."])
      if drafts[index].header == nil {
        say("This draft cannot be opened: \(drafts[index].problem ?? "its header is unreadable"). It is kept as it is.")
      } else {
        chosen = drafts[index]
      }
    }
    guard let listing = chosen else { return nil }
    say("Draft \(listing.id): type its passphrase.")
    for attempt in 1...3 {
      let typed = try passphrase("Passphrase (not shown):")
      say("Opening the draft.")
      do throws(DraftError) {
        return try store.open(listing.id, passphrase: typed)
      } catch .wrongPassphrase {
        let left = 3 - attempt
        say("That passphrase does not open this draft." + (left > 0 ? " \(left) tr\(left == 1 ? "y" : "ies") left." : " Three wrong passphrases: the draft is kept."))
      } catch {
        say("Cannot open this draft: \(error).")
        return nil
      }
    }
    return nil
  }
}
