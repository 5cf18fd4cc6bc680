import GuideEngine
import GuideSession

/// A choice on the situation screen.
public enum SituationOption: Equatable, Sendable {
  case situation(Situation)
  case screen
}

extension AppState {
  /// The reference over whatever is showing; the same key (or any other) closes it.
  public static let referenceKey = Key.control("r")

  /// The key of the panic action: blank the screen at once (Ctrl-G, free in terminals, SSH
  /// and tmux, and not an editing key).
  public static let panicKey = Key.control("g")

  /// Steps the front end by one message: a key, or what the runner did. Engine events are sent
  /// from here; what only the runner can do (files, crypto, quitting) comes back as effects.
  public mutating func update(_ message: Message, now: Timestamp) -> [Effect] {
    let effects: [Effect]
    // A case opened or resumed by this message enters no pathway: nil, nothing is asked.
    let runsBefore = session?.state.runs.count
    clock = now
    switch message {
    case .key(let key): effects = handle(key, now: now)
    default: effects = handleResult(message, now: now)
    }
    showNewInformationWhenDue()
    if let runsBefore { askWhenReportPathwayEntered(runsBefore: runsBefore, now: now) }
    return effects
  }

  /// A key; the same as `update(.key(key), now:)`.
  public mutating func update(_ key: Key, now: Timestamp) -> [Effect] { update(.key(key), now: now) }

  private mutating func handle(_ key: Key, now: Timestamp) -> [Effect] {
    if key == .notUTF8 {
      // Never a silent loss: the letter was not taken, and the person is told why.
      let message = Self.notUTF8Message
      if case .form(var form)? = modal {
        form.notice = message
        modal = .form(form)
      } else {
        status = message
      }
      return []
    }
    if lock != nil { return updateLock(key) }
    // The panic key works everywhere, even while typing: the screen is blanked at once.
    // A training case is fictional: nothing to hide, and no lock interrupts a presentation.
    if key == AppState.panicKey, canHide {
      lockScreen(reason: "The screen was hidden.")
      return []
    }
    // A window too small to show anything: typing must not go into a field the user cannot
    // see. Only quitting (Ctrl-C, and the answer to its question) and hiding (above) work.
    if windowTooSmall {
      if modal == .confirmQuit { return updateModal(.confirmQuit, key, now: now) }
      return key == .control("c") ? askToQuit() : []
    }
    // The reference opens from anywhere, even from inside a form, and returns there.
    if key == AppState.referenceKey {
      if case .reference(let over)? = modal { modal = over } else {
        referencePage.scroll = 0
        modal = .reference(over: modal)
      }
      return []
    }
    if key == .control("c"), modal != .confirmQuit { return askToQuit() }
    // F1 is help everywhere, even in a form (where "?" is typed); "?" opens it over the
    // reference and the story too. Closing the help goes back to what it was opened over.
    if key == .f1 || (key == .character("?") && modal.map(Self.isReadingPage) == true) {
      if modal == .help {
        modal = helpReturn
        helpReturn = nil
      } else {
        helpReturn = modal
        modal = .help
        helpPage.scroll = 0
      }
      return []
    }
    if let modal { return updateModal(modal, key, now: now) }
    guard let action = KeyBindings.action(for: key, in: self) else { return [] }
    // The keys of every screen first (Bubble Tea's views example): help and quit work anywhere.
    switch action {
    case .help:
      modal = .help
      helpPage.scroll = 0
      return []
    case .reference:
      referencePage.scroll = 0
      modal = .reference(over: nil)
      return []
    case .story:
      referencePage.scroll = 0
      modal = .story
      return []
    case .quit:
      return askToQuit()
    default:
      break
    }
    status = nil
    switch screen {
    case .start: return updateStart(action, key, now: now)
    case .drafts: updateDrafts(action, key)
    case .situation: return updateSituation(action, key, now: now)
    case .screening: updateScreening(action, key, now: now)
    case .notCovered: updateNotCovered(action, key, now: now)
    case .step: return updateStep(action, key, now: now)
    case .report: return updateReport(action, key, now: now)
    case .review: return updateReview(action, key, now: now)
    case .scenarios: return updateScenarios(action, key)
    case .briefing: updateBriefing(action, key, now: now)
    case .debrief: updateDebrief(action, key)
    }
    return []
  }

  /// Said when the terminal sends a letter that is not UTF-8.
  static let notUTF8Message =
    "A letter the terminal sent is not UTF-8, so it was not taken: set the terminal to UTF-8 (most are), or type the letter without its accent."

  /// A page being read over the screen, where "?" is a key (not typed text).
  static func isReadingPage(_ modal: Modal) -> Bool {
    switch modal {
    case .reference, .story, .newInformation: return true
    default: return false
    }
  }

  /// Quits at once when nothing would be lost; asks first otherwise.
  private mutating func askToQuit() -> [Effect] {
    // Text typed in an open form is work too: it was lost without a word when nothing else was.
    if !wouldLoseWork, !formHasTypedText { return [.quit] }
    quitReturn = modal
    modal = .confirmQuit
    return []
  }

  // MARK: - Lock

  /// Hides everything behind the lock screen; the passphrase brings it back.
  public mutating func lockScreen(reason: String) {
    guard lock == nil else { return }
    lock = LockScreen(reason: reason, hiddenModal: modal)
    modal = nil
  }

  /// The typed passphrase was right.
  mutating func unlocked() {
    modal = lock?.hiddenModal
    lock = nil
  }

  /// The typed passphrase was wrong; returns the failed attempts so far.
  mutating func unlockFailed() -> Int {
    lock?.failedAttempts += 1
    lock?.passphrase = TextEditor("", multiline: false)
    lock?.message = "That is not the passphrase of this case."
    return lock?.failedAttempts ?? 0
  }

  private mutating func updateLock(_ key: Key) -> [Effect] {
    guard var lock else { return [] }
    switch key {
    case .enter:
      let typed = lock.passphrase.text
      lock.passphrase = TextEditor("", multiline: false)
      self.lock = lock
      if !draft.hasPassphrase {
        unlocked()
        return []
      }
      return typed.isEmpty ? [] : [.unlock(passphrase: typed)]
    default:
      _ = lock.passphrase.handle(key)
      lock.message = nil
      self.lock = lock
      return []
    }
  }

  // MARK: - Shared by the screens

  /// Training: once the scenario's trigger step is marked, the picture changes (shown once).
  private mutating func showNewInformationWhenDue() {
    guard var training, let scenario = training.active, !training.newInformationShown, modal == nil,
      let session, !session.state.isFinished, scenario.newInformationDue(in: session.state)
    else { return }
    training.newInformationShown = true
    self.training = training
    referencePage.scroll = 0
    modal = .newInformation
  }

  /// The summary, as it will be saved. Viewing it is an entry of the case log (a training
  /// case is fictional and never saved: there is no log).
  mutating func openReview() -> [Effect] {
    route = .review
    reviewPage.scroll = 0
    return training == nil ? [.audit("summary viewed")] : []
  }

  /// The report screen; when the information's time is not recorded, it is asked first (rule 3).
  mutating func openReport(now: Timestamp) {
    route = .report
    reportScreen.index = 0
    if session?.shouldAskInformationReceived == true, let form = informationForm(now: now) { modal = .form(form) }
  }

  /// Sends an event to the engine; a refusal becomes the status line.
  mutating func send(_ action: CaseAction, now: Timestamp) -> Bool {
    guard var session else { return false }
    let error = session.send(action, at: now)
    self.session = session
    if let error { status = error.message }
    return error == nil
  }

  /// The list keys of a screen: a movement or a digit moves its cursor (digits move to an item;
  /// Enter chooses it). True when the action was one of them. `longList`: "1" then "1" reaches
  /// item 11.
  static func moveInList(
    _ position: inout ListPosition, count: Int, _ action: KeyAction, _ key: Key, longList: Bool = false
  ) -> Bool {
    if action != .moveToNumber { position.typedNumber = "" }
    switch action {
    case .move:
      _ = move(&position.index, count: count, key: key)
    case .moveToNumber:
      let n = longList ? number(key, count: count, typed: &position.typedNumber) : digit(key, count: count)
      if let n { position.index = n }
    default:
      return false
    }
    return true
  }

  /// Moves a list cursor with the usual keys; returns true when the key was a movement.
  static func move(_ index: inout Int, count: Int, key: Key, page: Int = 10) -> Bool {
    guard count > 0 else { return false }
    switch key {
    case .up, .character("k"): index = max(0, index - 1)
    case .down, .character("j"): index = min(count - 1, index + 1)
    case .home, .character("g"): index = 0
    case .end, .character("G"): index = count - 1
    case .pageUp: index = max(0, index - page)
    case .pageDown: index = min(count - 1, index + page)
    case .tab: index = (index + 1) % count
    case .backTab: index = (index + count - 1) % count
    default: return false
    }
    return true
  }

  /// A digit 1-9 as an index into a list of `count`.
  static func digit(_ key: Key, count: Int) -> Int? {
    if case .character(let ch) = key, let n = ch.wholeNumberValue, n >= 1, n <= min(9, count) { return n - 1 }
    return nil
  }

  /// Digits on a list longer than nine: "1" then "1" goes to item 11 while that number exists,
  /// else the digit starts a new number. `typed` holds the digits so far (any other key clears it).
  static func number(_ key: Key, count: Int, typed: inout String) -> Int? {
    guard case .character(let ch) = key, ch.wholeNumberValue != nil else {
      typed = ""
      return nil
    }
    for candidate in [typed + String(ch), String(ch)] {
      if let n = Int(candidate), n >= 1, n <= count {
        typed = candidate
        return n - 1
      }
    }
    typed = ""
    return nil
  }

  /// Scrolls a text page with the usual keys; returns false for any other key.
  static func scroll(_ offset: inout Int, key: Key) -> Bool {
    switch key {
    case .down, .character("j"): offset += 1
    case .up, .character("k"): offset = max(0, offset - 1)
    case .pageDown, .character(" "): offset += 10
    case .pageUp: offset = max(0, offset - 10)
    case .home, .character("g"): offset = 0
    case .end, .character("G"): offset = Int.max / 2
    default: return false
    }
    return true
  }
}
