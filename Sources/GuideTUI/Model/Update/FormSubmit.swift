import GuideEngine
import GuideSession

extension AppState {
  // MARK: Forms: a saved form becomes an engine event, or an effect

  /// What a saved form came to: its effects, or why it was refused (the form stays open).
  enum Submission {
    case done([Effect])
    case refused(String)
    /// Saved; this form opens next.
    case next(Form)
  }

  /// Turns a saved form into its engine event or effects.
  mutating func submit(_ form: Form, now: Timestamp) -> Submission {
    let values = form.fields.map(\.value)
    let action: CaseAction
    /// Which of two readings a typed time was taken as (the hour the clocks go back).
    var timeNote: String?
    /// The form that opens once this one is saved.
    var next: Form?
    switch form.purpose {
    case .export:
      let format = SummaryFormat.allCases[form.fields[0].selectedIndex]
      let destination = ExportDestination.allCases[form.fields[1].selectedIndex]
      var name: String?
      if destination == .file, form.fields.count > 2, !values[2].isEmpty {
        switch SummaryExport.chosenName(values[2], format: format) {
        case .success(let chosen): name = chosen
        case .failure(let problem): return .refused(problem.message)
        }
      }
      return .done([.export(format, destination, name: name)])
    case .setPassphrase:
      let passphrase = form.fields[0].rawText
      switch PassphraseRule.problem(passphrase, again: form.fields[1].rawText) {
      case .tooShort?: return .refused("Use at least \(PassphraseRule.minimumLength) characters.")
      case .differs?: return .refused("The two passphrases differ: type them again.")
      case nil: break
      }
      draft.hasPassphrase = true
      status = Self.preparingDraft
      return .done([.startDraft(passphrase: passphrase)])
    case .resume(let id):
      status = "Opening the draft…"
      return .done([.resumeDraft(id: id, passphrase: form.fields[0].rawText)])
    case .continueOlderCopy:
      guard let opened = olderCopy else { return .done([]) }
      olderCopy = nil
      let effects = resume(opened, now: now)
      status = "Continuing with the older copy: what you record is added to it. " + (status ?? "")
      return .done(effects)
    case .markDone(let step):
      action = .stepDone(step: step, note: values[0].nilIfEmpty, reference: values[1].nilIfEmpty)
    case .notApplicable(let step):
      action = .stepNotApplicable(step: step, reason: values[0])
    case .notApplicableNoReport(let step):
      guard form.fields[0].selectedIndex == 1 else {
        return .refused("Choose 'I confirm that no mandated report is made', or cancel to keep the step pending.")
      }
      action = .stepNotApplicable(step: step, reason: values[1], confirmedNoReport: true)
    case .informationReceived(let then):
      guard let session else { return .done([]) }
      let answer: (action: CaseAction, note: String?)
      do throws(CallTime.Refusal) { answer = try session.informationReceivedAction(values[0], now: now) } catch {
        return .refused(error.message)
      }
      action = answer.action
      timeNote = answer.note
      next = then
    case .stepNote(let step):
      action = .stepNoteAdded(step: step, text: values[0])
    case .reopen(let step):
      action = .stepReopened(step: step, reason: values[0].nilIfEmpty)
    case .call(let step, let contactID):
      guard let session else { return .done([]) }
      let calledAt: CallTime
      do throws(CallTime.Refusal) { calledAt = try session.readTime(values[4], now: now) } catch {
        return .refused(error.message)
      }
      timeNote = calledAt.note
      action = .callRecorded(step: step, call: session.callRecord(
        suggestedContact: contactID, agency: values[0], person: values[1], badge: values[2], referral: values[3],
        calledAt: calledAt.at, outcome: CallRecord.Outcome.allCases[form.fields[5].selectedIndex], details: values[6]))
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
        guard case .choice(let options, _) = choices else { return .done([]) }
        let value = picked == options.count - 1 ? own : options[picked]
        if value.isEmpty { return .refused("Choose an answer or type your own.") }
        action = .reportFieldSet(field: id, value: .text(value))
      } else {
        if values[0].isEmpty { return .refused("Type what you know, or cancel and press u on the list to mark it unknown.") }
        action = .reportFieldSet(field: id, value: .text(values[0]))
      }
    case .reportDecision:
      if form.fields[0].selectedIndex == 0 {
        action = .reportDecided(.reporting)
      } else {
        if values[1].isEmpty { return .refused("Record the reason for not making a report.") }
        action = .reportDecided(.notReporting(reason: values[1]))
      }
    case .notReporting:
      action = .reportDecided(.notReporting(reason: values[0]))
    case .writtenReportSent:
      guard let session else { return .done([]) }
      switch PendingReport.sentAction(typed: values[0], reference: values[1], session: session, now: now) {
      case .success(let sent): action = sent
      case .failure(let refusal): return .refused(refusal.message)
      }
    case .closeCase:
      action = .caseClosed(reason: values[0])
    }
    guard var session else { return .done([]) }
    if let error = session.send(action, at: now) { return .refused(error.message) }
    self.session = session
    // Done or not applicable: go on to the next step, as a walkthrough does.
    switch action {
    case .stepDone, .stepNotApplicable:
      if let session = self.session, let pathway = session.pathway,
        session.state.currentStepIndex + 1 < pathway.steps.count
      {
        self.session?.send(.stepViewed(step: pathway.steps[session.state.currentStepIndex + 1].id), at: now)
        stepPage.scroll = 0
      }
    default:
      break
    }
    // A report field saved: on to the next row, as a form's Tab would (the cursor stayed put).
    if case .reportFieldSet = action, case .reportField = form.purpose {
      reportScreen.index = min(reportScreen.index + 1, max(0, reportRows().count - 1))
    }
    if case .writtenReportSent = action, let session = self.session { status = PendingReport.sentLine(session) }
    if case .caseClosed = action { status = PendingReport.closedLine }
    if case .escalated = action { stepPage.scroll = 0 }
    // A reporter field saved: the user's profile keeps it for the next case.
    if case .reportFieldSet(let field, .text(let value)) = action, training == nil,
      let updated = (reporterProfile ?? ReporterProfile()).setting(field, to: value)
    {
      reporterProfile = updated
      return .done([.saveReporterProfile(updated)])
    }
    if case .screeningConcluded = action { stepPage.scroll = 0 }
    if case .informationReceived = action { status = self.session?.informationReceivedRecorded }
    if let timeNote { status = timeNote }
    if let next { return .next(next) }
    return .done([])
  }
}
