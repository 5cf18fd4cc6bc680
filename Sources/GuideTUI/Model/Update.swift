import GuideEngine

/// A choice on the situation screen.
public enum SituationOption: Equatable, Sendable {
  case situation(Situation)
  case screen
}

extension AppState {
  /// The options of the situation screen: the four situations, then the screening when the
  /// protocol has one.
  public func situationOptions() -> [SituationOption] {
    var options = Situation.allCases.map(SituationOption.situation)
    if session?.guide.screening != nil { options.append(.screen) }
    return options
  }

  /// The focusable rows of the screening: every item of every criterion, then "record".
  public func screeningRows() -> [(criterion: Criterion, item: ScreeningItem)?] {
    guard let screening = session?.guide.screening else { return [] }
    return screening.criteria.flatMap { c in c.items.map { Optional((c, $0)) } } + [nil]
  }

  /// Rows of the report screen: each field, then the decision and the written report.
  public enum ReportRow: Equatable, Sendable {
    case field(ReportField)
    case decision
    case writtenReport
  }

  public func reportRows() -> [ReportRow] {
    guard let guide = session?.guide else { return [] }
    var rows = (guide.mandatedReport?.fields ?? []).map(ReportRow.field)
    rows.append(.decision)
    if guide.mandatedReport?.writtenReportHours != nil { rows.append(.writtenReport) }
    return rows
  }

  // MARK: - Update

  /// Steps the front end by one key. Engine events are sent from here; what only the front end
  /// can do (files, quitting) comes back as effects.
  public mutating func update(_ key: Key, now: Timestamp) -> [Effect] {
    outbox = []
    let effects = handle(key, now: now)
    defer { outbox = [] }
    showNewInformationWhenDue()
    return effects + outbox
  }

  /// Training: once the scenario's trigger step is marked, the picture changes (shown once).
  private mutating func showNewInformationWhenDue() {
    guard var training, let scenario = training.active, !training.newInformationShown, modal == nil,
      let session, !session.state.isFinished, scenario.newInformationDue(in: session.state)
    else { return }
    training.newInformationShown = true
    self.training = training
    referenceScroll = 0
    modal = .newInformation
  }

  /// The reference over whatever is showing; the same key (or any other) closes it.
  public static let referenceKey = Key.control("r")

  /// The key of the panic action: blank the screen at once (Ctrl-G, free in terminals, SSH
  /// and tmux, and not an editing key).
  public static let panicKey = Key.control("g")

  /// Hides everything behind the lock screen; the passphrase brings it back.
  public mutating func lockScreen(reason: String) {
    guard lock == nil else { return }
    lock = LockScreen(reason: reason, hiddenModal: modal)
    modal = nil
  }

  /// The runner says the typed passphrase was right.
  public mutating func unlocked() {
    modal = lock?.hiddenModal
    lock = nil
  }

  /// The runner says the typed passphrase was wrong; returns the failed attempts so far.
  @discardableResult
  public mutating func unlockFailed() -> Int {
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
      if !hasPassphrase {
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

  mutating func openReview() {
    route = .review
    reviewScroll = 0
    // A training case is fictional and never saved: there is no audit log to write to.
    if training == nil { outbox.append(.summaryViewed) }
  }

  private mutating func handle(_ key: Key, now: Timestamp) -> [Effect] {
    if lock != nil { return updateLock(key) }
    // The panic key works everywhere, even while typing: the screen is blanked at once.
    // A training case is fictional: nothing to hide, and no lock interrupts a presentation.
    if key == AppState.panicKey, session != nil, training == nil {
      lockScreen(reason: "The screen was hidden.")
      return []
    }
    // The reference opens from anywhere, even from inside a form, and returns there.
    if key == AppState.referenceKey {
      if case .reference(let over)? = modal { modal = over } else {
        referenceScroll = 0
        modal = .reference(over: modal)
      }
      return []
    }
    if key == .control("c"), modal != .confirmQuit {
      if !wouldLoseWork { return [.quit] }
      quitReturn = modal
      modal = .confirmQuit
      return []
    }
    if let modal {
      return updateModal(modal, key, now: now)
    }
    // Global keys first (Bubble Tea's views example): help and quit work on every screen.
    switch key {
    case .character("?"):
      self.modal = .help
      helpScroll = 0
      return []
    case .character("i"):
      referenceScroll = 0
      self.modal = .reference(over: nil)
      return []
    case .character("v") where training?.active != nil && session != nil:
      referenceScroll = 0
      self.modal = .story
      return []
    case .character("q"):
      if wouldLoseWork {
        self.modal = .confirmQuit
        return []
      }
      return [.quit]
    default:
      break
    }
    status = nil
    switch screen {
    case .start: return updateStart(key, now: now)
    case .drafts: updateDrafts(key)
    case .situation: updateSituation(key, now: now)
    case .screening: updateScreening(key, now: now)
    case .notCovered: updateNotCovered(key, now: now)
    case .step: updateStep(key, now: now)
    case .report: updateReport(key, now: now)
    case .review: return updateReview(key, now: now)
    case .scenarios: return updateScenarios(key)
    case .briefing: updateBriefing(key, now: now)
    case .debrief: updateDebrief(key)
    }
    return []
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

  private mutating func send(_ action: CaseAction, now: Timestamp) -> Bool {
    guard var session else { return false }
    let error = session.send(action, at: now)
    self.session = session
    if let error { status = error.message }
    return error == nil
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

  // MARK: Training

  private mutating func updateScenarios(_ key: Key) -> [Effect] {
    guard var training else { return [] }
    defer { self.training = training }
    if Self.move(&training.listIndex, count: training.scenarios.count, key: key) { return [] }
    if let n = Self.number(key, count: training.scenarios.count, typed: &training.typedNumber) {
      training.listIndex = n
      return []
    }
    switch key {
    case .enter, .character(" "), .right:
      guard training.scenarios.indices.contains(training.listIndex) else { return [] }
      training.active = training.scenarios[training.listIndex]
      training.newInformationShown = false
      training.scroll = 0
      route = .briefing
    case .escape:
      return [.quit]
    default:
      break
    }
    return []
  }

  private mutating func updateBriefing(_ key: Key, now: Timestamp) {
    guard var training, let scenario = training.active else { return }
    if key != .character(" "), Self.scroll(&training.scroll, key: key) {
      self.training = training
      return
    }
    switch key {
    case .enter, .character(" "), .right:
      guard let guide = protocols.first(where: { $0.guide.id == scenario.protocolID })?.guide else {
        status = "This scenario walks the protocol '\(scenario.protocolID)', which is not loaded."
        return
      }
      var session = CaseSession(guide: guide)
      session.send(.opened(protocolID: guide.id, mode: .training), at: now)
      self.session = session
      training.newInformationShown = false
      self.training = training
      route = .casePhase
      situationIndex = 0
      screeningIndex = 0
      stepScroll = 0
    case .escape, .backspace, .left:
      training.active = nil
      self.training = training
      route = .scenarios
    default:
      break
    }
  }

  private mutating func updateDebrief(_ key: Key) {
    guard var training else { return }
    if key != .character(" "), Self.scroll(&training.scroll, key: key) {
      self.training = training
      return
    }
    switch key {
    case .enter, .escape, .backspace, .left:
      // The fictional case is dropped; the next scenario starts from the list.
      training.active = nil
      training.scroll = 0
      self.training = training
      session = nil
      route = .scenarios
    default:
      break
    }
  }

  // MARK: Start

  private mutating func updateStart(_ key: Key, now: Timestamp) -> [Effect] {
    if Self.move(&startIndex, count: protocols.count, key: key) { return [] }
    if let n = Self.digit(key, count: protocols.count) {
      startIndex = n  // digits move to an item; Enter chooses it
      return []
    }
    switch key {
    case .enter, .character(" "), .right:
      guard protocols.indices.contains(startIndex) else { return [] }
      let guide = protocols[startIndex].guide
      var session = CaseSession(guide: guide)
      session.send(.opened(protocolID: guide.id, mode: .real), at: now)
      self.session = session
      route = .casePhase
      situationIndex = 0
      if draftsEnabled && !hasPassphrase {
        modal = .form(Form(
          title: "Set a passphrase for this case",
          intro: [
            "Everything you record is saved at once to a draft encrypted with this passphrase, so a dropped connection loses nothing. The same passphrase unlocks the screen and resumes the case ('csec-guide resume').",
            "Use at least 8 characters. It cannot be recovered: without it the draft cannot be opened.",
          ],
          fields: [.secret("Passphrase"), .secret("The same passphrase again")], purpose: .setPassphrase))
      }
      return [.rememberProtocol(guide.id)]
    case .escape:
      return [.quit]
    default:
      return []
    }
  }

  // MARK: Drafts

  private mutating func updateDrafts(_ key: Key) {
    if Self.move(&draftIndex, count: drafts.count, key: key) { return }
    if let n = Self.number(key, count: drafts.count, typed: &typedNumber) { draftIndex = n }
    switch key {
    case .enter, .character(" "), .right:
      guard drafts.indices.contains(draftIndex) else { return }
      let draft = drafts[draftIndex]
      if let problem = draft.problem {
        status = "This draft cannot be opened: \(problem)"
        return
      }
      modal = .form(Form(
        title: "Resume case" + (draft.reference.map { " \($0)" } ?? ""),
        intro: ["Type the passphrase set when the case started."],
        fields: [.secret("Passphrase")], purpose: .resume(id: draft.id)))
    case .escape, .backspace, .left:
      route = .start
    default:
      break
    }
  }

  // MARK: Situation

  private mutating func updateSituation(_ key: Key, now: Timestamp) {
    let options = situationOptions()
    if Self.move(&situationIndex, count: options.count, key: key) { return }
    if let n = Self.digit(key, count: options.count) {
      situationIndex = n  // digits move to an item; Enter chooses it
      return
    }
    switch key {
    case .enter, .character(" "), .right:
      guard options.indices.contains(situationIndex) else { return }
      choose(options[situationIndex], now: now)
    case .character("r"):
      modal = .form(Form(
        title: "Case reference", intro: ["Your own reference for this case, shown in the summary and the list of drafts. Do not type the student's name unless your district wants it in the record."],
        fields: [.text("Reference", session?.state.reference ?? "", required: true)], purpose: .reference))
    case .character("f"):
      openReview()
    case .character("m"):
      route = .report
      reportIndex = 0
    case .escape, .backspace, .left:
      if route == .situationAgain {
        route = .casePhase
      } else if training != nil, let session, session.events.count == 1 {
        // Training: back to the scenario's story; the fictional case was never saved.
        self.session = nil
        route = .briefing
      } else if let session, session.events.count == 1 {
        // Nothing recorded yet: back to the protocol choice, and the empty case is dropped,
        // with its passphrase and draft (a new protocol is a new case).
        self.session = nil
        route = .start
        hasPassphrase = false
        draftKeepsCase = false
        outbox.append(.caseAbandoned)
      } else {
        status = "The case is open: choose a situation, or press f to review and finish, or q to quit."
      }
    default:
      break
    }
  }

  private mutating func choose(_ option: SituationOption, now: Timestamp) {
    switch option {
    case .situation(let situation):
      if send(.situationChosen(situation), now: now) {
        route = .casePhase
        stepScroll = 0
        notCoveredIndex = 0
      }
    case .screen:
      if send(.screeningOpened, now: now) {
        route = .casePhase
        screeningIndex = 0
      }
    }
  }

  // MARK: Screening

  private mutating func updateScreening(_ key: Key, now: Timestamp) {
    let rows = screeningRows()
    if Self.move(&screeningIndex, count: rows.count, key: key, page: 5) { return }
    switch key {
    case .enter, .character(" "), .character("x"):
      guard rows.indices.contains(screeningIndex) else { return }
      if let (criterion, item) = rows[screeningIndex] {
        let present = session?.state.screeningAnswers.isPresent(criterion: criterion.id, item: item.id) ?? false
        _ = send(.screeningItemSet(criterion: criterion.id, item: item.id, present: !present), now: now)
      } else if key != .character("x") {
        conclude(now: now)
      }
    case .character("c"):
      conclude(now: now)
    case .escape, .backspace, .left:
      _ = send(.screeningLeft, now: now)
    default:
      break
    }
  }

  private mutating func conclude(now: Timestamp) {
    guard let session, let screening = session.guide.screening else { return }
    let result = screening.evaluate(session.state.screeningAnswers)
    switch result.determination {
    case .met:
      if send(.screeningConcluded(note: nil), now: now) { stepScroll = 0 }
    case .notMet:
      modal = .form(Form(
        title: "At-risk criteria not met",
        intro: [result.reason, "Record the reason and what was decided (for example, monitoring or a check-in plan)."],
        fields: [.text("Reason and decision", multiline: true, required: true)], purpose: .screeningNotMet))
    case .observationsRecorded:
      modal = .form(Form(
        title: "Record the observations",
        intro: [result.reason, "Add a note if you wish, then choose the situation that fits."],
        fields: [.text("Note", multiline: true)], purpose: .screeningObservations))
    }
  }

  // MARK: Not covered

  private mutating func updateNotCovered(_ key: Key, now: Timestamp) {
    guard let session, case .notCovered(let situation) = session.state.phase else { return }
    var closest: Pathway?
    if case .notCovered(_, let c) = session.guide.coverage(of: situation) { closest = c }
    let count = closest == nil ? 1 : 2
    if Self.move(&notCoveredIndex, count: count, key: key) { return }
    if let n = Self.digit(key, count: count) {
      notCoveredIndex = n
      return
    }
    switch key {
    case .enter, .character(" "):
      if closest != nil && notCoveredIndex == 0 {
        if send(.closestPathwayFollowed, now: now) { stepScroll = 0 }
      } else {
        route = .situationAgain
      }
    case .escape, .backspace, .left:
      route = .situationAgain
    default:
      break
    }
  }

  // MARK: Step

  private mutating func updateStep(_ key: Key, now: Timestamp) {
    guard let session, let pathway = session.pathway, let step = session.currentStep else { return }
    let index = session.state.currentStepIndex
    let record = session.state.record(pathway: pathway.id, step: step.id)
    func view(_ i: Int) {
      if send(.stepViewed(step: pathway.steps[i].id), now: now) { stepScroll = 0 }
    }
    if let n = Self.digit(key, count: pathway.steps.count) {
      view(n)
      return
    }
    switch key {
    case .right, .character("l"), .character("n"), .tab, .pageDown:
      if index + 1 < pathway.steps.count { view(index + 1) } else {
        status = "This is the last step: press f to review the summary and finish."
      }
    case .left, .character("h"), .character("p"), .backTab, .pageUp, .escape, .backspace:
      if index > 0 { view(index - 1) } else { status = "This is the first step." }
    case .down, .character("j"):
      stepScroll += 1
    case .up, .character("k"):
      stepScroll = max(0, stepScroll - 1)
    case .enter, .character("d"):
      if record.status != .pending {
        if key == .enter, index + 1 < pathway.steps.count {
          view(index + 1)
        } else {
          status = "Step \(index + 1) is already marked; u reopens it."
        }
        return
      }
      modal = .form(Form(
        title: "Step \(index + 1) done: \(step.title)",
        intro: ["Optional: a note on what was done, and a reference such as a report number."],
        fields: [.text("Note", multiline: true), .text("Reference")], purpose: .markDone(step: step.id)))
    case .character("x"):
      modal = .form(Form(
        title: "Step \(index + 1) does not apply: \(step.title)",
        intro: ["Say why this step does not apply to this case. The reason goes in the record."],
        fields: [.text("Reason", multiline: true, required: true)], purpose: .notApplicable(step: step.id)))
    case .character("a"):
      modal = .form(Form(
        title: "Note on step \(index + 1): \(step.title)", intro: [],
        fields: [.text("Note", multiline: true, required: true)], purpose: .stepNote(step: step.id)))
    case .character("c"):
      let contact = step.contact.flatMap(session.guide.contact)
      modal = .form(Form(
        title: "Record a call" + (contact.map { ": \($0.name)" } ?? ""),
        intro: contact.map { ["\($0.name): \($0.phone ?? "no phone number in the protocol's source")"] } ?? [],
        fields: [
          .text("Agency", contact?.name ?? "", required: true),
          .text("Person spoken to"),
          .text("Their ID or badge"),
          .text("Referral or report number"),
          .text("Time of the call", now.clockText, required: true, hint: "HH:MM today, or YYYY-MM-DD HH:MM"),
          .choice("Outcome", CallRecord.Outcome.allCases.map(\.description)),
          .text("Details", multiline: true),
        ], purpose: .call(step: step.id, contactID: contact?.id)))
    case .character("u"):
      if record.status == .pending {
        status = "This step is still pending: there is nothing to reopen."
        return
      }
      modal = .form(Form(
        title: "Reopen step \(index + 1): \(step.title)",
        intro: ["The step goes back to pending; what was recorded stays in its history."],
        fields: [.text("Why (optional)")], purpose: .reopen(step: step.id)))
    case .character("e"):
      let current = session.state.situation ?? .atRisk
      let options = Situation.allCases.filter { $0.rank > current.rank }
      guard !options.isEmpty else {
        status = "The case is already at its most serious situation."
        return
      }
      modal = .form(Form(
        title: "Escalate the case",
        intro: ["Everything recorded so far stays in the case."],
        fields: [.choice("New situation", options.map(\.title)), .text("What changed", multiline: true, required: true)],
        purpose: .escalate(options: options)))
    case .character("m"):
      route = .report
      reportIndex = 0
    case .character("r"):
      modal = .form(Form(
        title: "Case reference", intro: ["Your own reference for this case, shown in the summary and the list of drafts."],
        fields: [.text("Reference", session.state.reference ?? "", required: true)], purpose: .reference))
    case .character("f"):
      openReview()
    default:
      break
    }
  }

  // MARK: Report

  private mutating func updateReport(_ key: Key, now: Timestamp) {
    guard let session else { return }
    let rows = reportRows()
    if Self.move(&reportIndex, count: rows.count, key: key) { return }
    guard rows.indices.contains(reportIndex) else { return }
    switch (key, rows[reportIndex]) {
    case (.enter, .field(let field)), (.character(" "), .field(let field)):
      var current = ""
      if case .text(let text)? = session.state.reportFields[field.id] { current = text }
      var fields: [FormField] = []
      if !field.choices.isEmpty {
        fields.append(.choice("Choose", field.choices + ["Type my own answer"], selected: field.choices.firstIndex(of: current) ?? field.choices.count))
        fields.append(.text("Your own answer", field.choices.contains(current) ? "" : current))
      } else {
        fields.append(.text(field.label, current, multiline: field.id == "suspicion-basis" || field.id == "suspect-information"))
      }
      modal = .form(Form(
        title: field.label, intro: ["Type what you know. Press u on the list to mark it unknown instead."],
        fields: fields, purpose: .reportField(id: field.id)))
    case (.character("u"), .field(let field)):
      _ = send(.reportFieldSet(field: field.id, value: .unknown), now: now)
    case (.enter, .decision), (.character(" "), .decision):
      var reason = ""
      if case .notReporting(let r)? = session.state.reportDecision?.value { reason = r }
      modal = .form(Form(
        title: "Decision on the report",
        intro: ["Record whether a report is being made. A decision not to report needs its reason; both go in the record with the time."],
        fields: [
          .choice("Decision", ["A report is being made", "No report is made"], selected: reason.isEmpty ? 0 : 1),
          .text("Reason (needed when no report is made)", reason, multiline: true),
        ], purpose: .reportDecision))
    case (.character("n"), _):
      modal = .form(Form(
        title: "Decision not to make a report",
        intro: ["Record why no report is made. It goes in the record with the time."],
        fields: [.text("Reason", multiline: true, required: true)], purpose: .notReporting))
    case (.character("y"), _):
      // The decision row may be below the fold: say what was recorded.
      if send(.reportDecided(.reporting), now: now) { status = "Recorded: a report is being made." }
    case (.enter, .writtenReport), (.character(" "), .writtenReport), (.character("w"), _):
      guard session.guide.mandatedReport?.writtenReportHours != nil else { return }
      if case .notReporting? = session.state.reportDecision?.value {
        status = "The case records a decision not to report: record that a report is being made first (Enter on Decision)."
        return
      }
      modal = .form(Form(
        title: "Written report sent", intro: ["Marks the written follow-up report as sent now."],
        fields: [.text("Reference (optional)")], purpose: .writtenReportSent))
    case (.escape, _), (.backspace, _), (.left, _):
      route = .casePhase
    case (.character("f"), _):
      openReview()
    default:
      break
    }
  }

  // MARK: Review

  private mutating func updateReview(_ key: Key, now: Timestamp) -> [Effect] {
    if Self.scroll(&reviewScroll, key: key) { return [] }
    switch key {
    case .character("s") where training != nil:
      status = "Training: a fictional case is never saved. f finishes and shows the debrief."
    case .character("s"):
      modal = .form(Form(
        title: "Export the summary",
        intro: ["Only what you entered is in it. It is marked confidential."],
        fields: [
          .choice("Format", SummaryFormat.allCases.map(Screens.formatName)),
          .choice("Where", ExportDestination.allCases.map(\.title)),
        ], purpose: .export))
    case .character("f"):
      if session?.state.isFinished == true {
        status = "The case is finished. Press s to save the summary, or q to quit."
      } else {
        modal = .confirmFinish
      }
    case .escape, .backspace, .left:
      if session?.state.isFinished == true {
        status = "The case is finished and cannot change. Press s to save the summary, or q to quit."
      } else {
        route = .casePhase
      }
    default:
      break
    }
    return []
  }

  // MARK: Modals

  private mutating func updateModal(_ modal: Modal, _ key: Key, now: Timestamp) -> [Effect] {
    // The reference opens over the text overlays too (in forms, letters are typed: Ctrl-R).
    if key == .character("i") {
      switch modal {
      case .help, .story, .newInformation:
        referenceScroll = 0
        self.modal = .reference(over: modal)
        return []
      default:
        break
      }
    }
    switch modal {
    case .help:
      switch key {
      case .down, .character("j"): helpScroll += 1
      case .up, .character("k"): helpScroll = max(0, helpScroll - 1)
      case .pageDown: helpScroll += 10
      case .pageUp: helpScroll = max(0, helpScroll - 10)
      default: self.modal = nil
      }
    case .reference(let over):
      if !Self.scroll(&referenceScroll, key: key) { self.modal = over }
    case .story:
      if !Self.scroll(&referenceScroll, key: key) { self.modal = nil }
    case .newInformation:
      // Only Enter or Esc closes it: a key pressed in passing must not hide what changed.
      if !Self.scroll(&referenceScroll, key: key), key == .enter || key == .escape { self.modal = nil }
    case .confirmQuit:
      if key == .character("y") || key == .character("Y") { return [.quit] }
      self.modal = quitReturn
      quitReturn = nil
    case .confirmFinish:
      self.modal = nil
      if key == .character("y") || key == .character("Y") {
        if send(.finished, now: now) {
          if var training {
            training.scroll = 0
            self.training = training
            route = .debrief
          } else {
            route = .review
            status = "The case is finished. Press s to save the summary."
          }
        }
      }
    case .form(var form):
      switch form.handle(key) {
      case .stay:
        self.modal = .form(form)
      case .cancel:
        self.modal = nil
        if form.purpose == .setPassphrase {
          // No passphrase, no real case: back to the protocol choice, nothing recorded.
          session = nil
          route = .start
        }
      case .save:
        if let missing = form.missingField {
          form.error = "'\(missing.label)' is needed."
          self.modal = .form(form)
        } else {
          let (error, effects) = submit(form, now: now)
          if let error {
            form.error = error
            self.modal = .form(form)
          } else {
            self.modal = nil
            return effects
          }
        }
      }
    }
    return []
  }

  /// Turns a saved form into its engine event or effects; returns why it was refused, if it was.
  private mutating func submit(_ form: Form, now: Timestamp) -> (String?, [Effect]) {
    let values = form.fields.map(\.value)
    let action: CaseAction
    switch form.purpose {
    case .export:
      return (nil, [.export(SummaryFormat.allCases[form.fields[0].selectedIndex], ExportDestination.allCases[form.fields[1].selectedIndex])])
    case .setPassphrase:
      let passphrase = form.fields[0].rawText
      if passphrase.count < 8 { return ("Use at least 8 characters.", []) }
      if passphrase != form.fields[1].rawText { return ("The two passphrases differ: type them again.", []) }
      hasPassphrase = true
      return (nil, [.startDraft(passphrase: passphrase)])
    case .resume(let id):
      return (nil, [.resumeDraft(id: id, passphrase: form.fields[0].rawText)])
    case .markDone(let step):
      action = .stepDone(step: step, note: values[0].nilIfEmpty, reference: values[1].nilIfEmpty)
    case .notApplicable(let step):
      action = .stepNotApplicable(step: step, reason: values[0])
    case .stepNote(let step):
      action = .stepNoteAdded(step: step, text: values[0])
    case .reopen(let step):
      action = .stepReopened(step: step, reason: values[0].nilIfEmpty)
    case .call(let step, let contactID):
      guard var calledAt = Timestamp(clockText: values[4], near: now) else {
        return ("Type the time as HH:MM (today) or YYYY-MM-DD HH:MM.", [])
      }
      if calledAt.secondsSinceEpoch > now.secondsSinceEpoch + 300 {
        // "23:50" typed just after midnight means yesterday; a full date in the future is a mistake.
        if values[4].count <= 5 { calledAt = calledAt.adding(hours: -24) } else {
          return ("That time is later than now: type when the call was made.", [])
        }
      }
      let outcome = CallRecord.Outcome.allCases[form.fields[5].selectedIndex]
      let agency = values[0]
      action = .callRecorded(step: step, call: CallRecord(
        contactID: session?.guide.contact(contactID ?? "")?.name == agency ? contactID : nil,
        agency: agency, personSpoken: values[1].nilIfEmpty, badgeOrID: values[2].nilIfEmpty,
        referralNumber: values[3].nilIfEmpty, calledAt: calledAt, outcome: outcome, details: values[6].nilIfEmpty))
    case .reference:
      action = .referenceSet(values[0])
    case .caseNote:
      action = .caseNoteAdded(values[0])
    case .screeningNotMet, .screeningObservations:
      action = .screeningConcluded(note: values[0].nilIfEmpty)
    case .escalate(let options):
      action = .escalated(to: options[form.fields[0].selectedIndex], reason: values[1])
    case .reportField(let id):
      if form.fields.count == 2 {
        let own = values[1]
        let picked = form.fields[0].selectedIndex
        let choices = form.fields[0].kind
        guard case .choice(let options, _) = choices else { return (nil, []) }
        let value = picked == options.count - 1 ? own : options[picked]
        if value.isEmpty { return ("Choose an answer or type your own.", []) }
        action = .reportFieldSet(field: id, value: .text(value))
      } else {
        if values[0].isEmpty { return ("Type what you know, or cancel and press u on the list to mark it unknown.", []) }
        action = .reportFieldSet(field: id, value: .text(values[0]))
      }
    case .reportDecision:
      if form.fields[0].selectedIndex == 0 {
        action = .reportDecided(.reporting)
      } else {
        if values[1].isEmpty { return ("Record the reason for not making a report.", []) }
        action = .reportDecided(.notReporting(reason: values[1]))
      }
    case .notReporting:
      action = .reportDecided(.notReporting(reason: values[0]))
    case .writtenReportSent:
      action = .writtenReportSent(at: now, reference: values[0].nilIfEmpty)
    }
    guard var session else { return (nil, []) }
    if let error = session.send(action, at: now) { return (error.message, []) }
    self.session = session
    // Done or not applicable: go on to the next step, as a walkthrough does.
    switch action {
    case .stepDone, .stepNotApplicable:
      if let session = self.session, let pathway = session.pathway,
        session.state.currentStepIndex + 1 < pathway.steps.count
      {
        self.session?.send(.stepViewed(step: pathway.steps[session.state.currentStepIndex + 1].id), at: now)
        stepScroll = 0
      }
    default:
      break
    }
    if case .escalated = action { stepScroll = 0 }
    if case .screeningConcluded = action { stepScroll = 0 }
    return (nil, [])
  }
}
