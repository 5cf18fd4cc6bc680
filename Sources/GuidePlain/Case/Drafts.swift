import GuideEngine
import GuideProtocols
import GuideStore

/// The encrypted draft of a real case typed at a terminal: as in the full screen, a passphrase
/// when the case starts, every accepted event saved at once, the draft deleted once the case is
/// finished and its summary saved, and `csec-guide resume --plain` to continue it. A script (the
/// input is not a terminal) and a training walkthrough keep no draft and ask no passphrase.
extension PlainGuide {
  /// The shortest passphrase accepted, as in the full screen.
  static var shortestPassphrase: Int { 8 }

  /// Why quitting now would lose what was recorded.
  var noDraftReason: String {
    if training != nil { return "nothing is saved in training" }
    if draft != nil { return "the draft could not be saved" }
    if !io.inputIsTerminal { return "plain mode keeps no draft when its input is not a terminal" }
    return "no draft can be kept"
  }

  /// True when quitting now would lose something recorded: not when the draft holds it all.
  var quittingLosesWork: Bool {
    guard let open = current, open.wouldLoseWork else { return false }
    if let draft, draft.unsaved == 0 { return false }
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
    say("The passphrase needs at least \(Self.shortestPassphrase) characters. It is not shown as you type, and it cannot be recovered: without it nobody can open the draft.")
    let passphrase = try newPassphrase()
    say("Preparing the encrypted draft.")
    do {
      let created = try store.create(
        protocolID: open.guide.id, opened: open.state.openedAt ?? options.now(), passphrase: passphrase,
        rounds: options.keyDerivationRounds)
      draft = created
      persisted = 0
      persist()
      if created.unsaved == 0 {
        say("The case is saved encrypted as you go, in the draft \(created.id). If the session ends, 'csec-guide resume --plain' continues it.")
      }
    } catch {
      say("No draft can be kept (\(error)): this case is in memory only. Save the summary before you quit.")
    }
  }

  /// A new passphrase: at least 8 characters, typed twice the same.
  mutating func newPassphrase() throws(PlainStop) -> String {
    while true {
      let first = try passphrase("Passphrase (at least \(Self.shortestPassphrase) characters, not shown):")
      guard first.count >= Self.shortestPassphrase else {
        say("That passphrase has \(first.count) character\(first.count == 1 ? "" : "s"); it needs at least \(Self.shortestPassphrase). Type another.")
        continue
      }
      let second = try passphrase("The same passphrase again:")
      guard second == first else {
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
      io.write(PlainText.printable(prompt) + " ")
      let echoTurnedOff = io.setEcho(false)
      let input = io.nextInput()
      if echoTurnedOff { _ = io.setEcho(true) }
      // The Enter typed was not shown either.
      io.write("\n")
      switch input {
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
      }
    }
  }

  // MARK: - Saving

  /// Hands the case's new events to the draft (each append saves at once). A failure is said
  /// once; the case stays in memory and the next event retries the save.
  mutating func persist() {
    guard let draft, let open = current else { return }
    var failure: FileFailure?
    while persisted < open.events.count {
      failure = draft.append(.event(open.events[persisted]), reference: open.state.reference, now: options.now())
      persisted += 1
    }
    report(failure)
  }

  /// An audit record in the draft (the summary viewed or exported), as the full screen keeps.
  mutating func audit(_ what: String) {
    persist()
    guard let draft else { return }
    report(draft.append(.audit(at: options.now(), what: what), reference: current?.state.reference, now: options.now()))
  }

  private mutating func report(_ failure: FileFailure?) {
    if let failure {
      guard !draftFailing else { return }
      draftFailing = true
      say("The draft could not be saved (\(failure.isNoSpace ? "the disk is full" : failure.description)). Nothing is lost yet: the case stays in memory, and saving is tried again at the next answer recorded.")
    } else if draftFailing, draft?.unsaved == 0 {
      draftFailing = false
      say("The draft is saved again.")
    }
  }

  /// At the end of the session: a finished case whose summary was saved needs no draft (the
  /// summary is its record); any other case stays in its draft. The lines for standard error.
  mutating func closeDraft() -> [String] {
    guard let draft else { return [] }
    persist()
    if draft.unsaved > 0 { report(draft.save()) }
    self.draft = nil
    if let open = current, open.state.isFinished, open.unsavedEvents == 0 {
      draft.discard()
      return ["csec-guide: the finished case's draft was deleted; the saved summary is its record."]
    }
    draft.close()
    if draft.unsaved > 0 { return ["csec-guide: the last changes could not be saved to the draft \(draft.id)."] }
    return ["csec-guide: the case is kept in its encrypted draft \(draft.id); 'csec-guide resume --plain' continues it."]
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
      var resumed = PlainCase(guide: loaded.guide)
      var refused = 0
      for event in opened.log.events where resumed.send(event.action, at: event.at) != nil { refused += 1 }
      current = resumed
      draft = opened
      persisted = resumed.events.count
      if let rollback = opened.rollback { say(rollback.description) }
      say("Case resumed under \(loaded.guide.title) (\(loaded.guide.jurisdiction)), opened \(resumed.state.openedAt?.display ?? "").")
      say(refused == 0
        ? "Resumed where the case stopped. It is still saved encrypted as you go."
        : "Resumed; \(refused) entr\(refused == 1 ? "y" : "ies") of the draft could not be replayed. It is still saved encrypted as you go.")
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
      say("Which case do you want to continue? Only each draft's id, reference, protocol and dates are shown.")
      let index = try choose(
        prompt: "Draft (1-\(drafts.count)):",
        drafts.map { listing in
          guard let header = listing.header else { return "\(listing.id): cannot be read (\(listing.problem ?? "unknown problem"))" }
          return "\(listing.id), reference \(header.reference ?? "none"), protocol \(header.protocolID)"
        },
        details: drafts.map { listing in
          listing.header.map { "opened \($0.opened.display), last saved \($0.updated.display)" }
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
