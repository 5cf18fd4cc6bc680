import GuideEngine

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

  // MARK: Situation

  mutating func updateSituation(_ action: KeyAction, _ key: Key, now: Timestamp) -> [Effect] {
    let options = situationOptions()
    if Self.moveInList(&situationScreen, count: options.count, action, key) { return [] }
    switch action {
    case .choose:
      guard options.indices.contains(situationScreen.index) else { return [] }
      choose(options[situationScreen.index], now: now)
    case .setReference:
      modal = .form(Form(
        title: "Case reference", intro: ["Your own reference for this case, shown in the summary and the list of drafts. Do not type the student's name unless your district wants it in the record."],
        fields: [.text("Reference", session?.state.reference ?? "", required: true)], purpose: .reference))
    case .review:
      return openReview()
    case .openReport:
      openReport(now: now)
    case .back:
      return leaveSituation()
    default:
      break
    }
    return []
  }

  /// Back from the situation question: to the not-covered notice, or (nothing recorded yet)
  /// out of the case.
  private mutating func leaveSituation() -> [Effect] {
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
      draft.hasPassphrase = false
      draft.keepsCase = false
      return [.caseAbandoned]
    } else {
      status = "The case is open: choose a situation, or press f to review and finish, or q to quit."
    }
    return []
  }

  private mutating func choose(_ option: SituationOption, now: Timestamp) {
    switch option {
    case .situation(let situation):
      if send(.situationChosen(situation), now: now) {
        route = .casePhase
        stepPage.scroll = 0
        notCoveredScreen.index = 0
      }
    case .screen:
      if send(.screeningOpened, now: now) {
        route = .casePhase
        screeningScreen.index = 0
      }
    }
  }

  // MARK: Screening

  mutating func updateScreening(_ action: KeyAction, _ key: Key, now: Timestamp) {
    let rows = screeningRows()
    switch action {
    case .move:
      _ = Self.move(&screeningScreen.index, count: rows.count, key: key, page: 5)
    case .toggleItem:
      guard rows.indices.contains(screeningScreen.index) else { return }
      if let (criterion, item) = rows[screeningScreen.index] {
        let present = session?.state.screeningAnswers.isPresent(criterion: criterion.id, item: item.id) ?? false
        _ = send(.screeningItemSet(criterion: criterion.id, item: item.id, present: !present), now: now)
      } else if key != .character("x") {
        conclude(now: now)
      }
    case .concludeScreening:
      conclude(now: now)
    case .back:
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
      if send(.screeningConcluded(note: nil), now: now) { stepPage.scroll = 0 }
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

  mutating func updateNotCovered(_ action: KeyAction, _ key: Key, now: Timestamp) {
    guard let session, case .notCovered(let situation) = session.state.phase else { return }
    var closest: Pathway?
    if case .notCovered(_, let c) = session.guide.coverage(of: situation) { closest = c }
    let count = closest == nil ? 1 : 2
    if Self.moveInList(&notCoveredScreen, count: count, action, key) { return }
    switch action {
    case .choose:
      if closest != nil && notCoveredScreen.index == 0 {
        if send(.closestPathwayFollowed, now: now) { stepPage.scroll = 0 }
      } else {
        route = .situationAgain
      }
    case .back:
      route = .situationAgain
    default:
      break
    }
  }
}
