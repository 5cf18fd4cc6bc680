import GuideEngine

extension AppState {
  // MARK: Step: one step of the pathway and what to do with it

  mutating func updateStep(_ action: KeyAction, _ key: Key, now: Timestamp) -> [Effect] {
    guard let session, let pathway = session.pathway, let step = session.currentStep else { return [] }
    let index = session.state.currentStepIndex
    let record = session.state.record(pathway: pathway.id, step: step.id)
    switch action {
    case .moveToNumber:
      if let n = Self.digit(key, count: pathway.steps.count) { viewStep(n, now: now) }
    case .nextStep:
      if index + 1 < pathway.steps.count { viewStep(index + 1, now: now) } else {
        status = "This is the last step: press f to review the summary and finish."
      }
    case .previousStep:
      if index > 0 { viewStep(index - 1, now: now) } else { status = "This is the first step." }
    case .scrollDown:
      stepPage.scroll += 1
    case .scrollUp:
      stepPage.scroll = max(0, stepPage.scroll - 1)
    case .markDone:
      if record.status != .pending {
        // Enter on a marked step goes on, as a walkthrough does; d says why nothing happens.
        if key == .enter, index + 1 < pathway.steps.count {
          viewStep(index + 1, now: now)
        } else {
          status = "Step \(index + 1) is already marked; u reopens it."
        }
        return []
      }
      open(Form(
        title: "Step \(index + 1) done: \(step.title)",
        intro: ["Optional: a note on what was done, and a reference such as a report number."],
        fields: [.text("Note", multiline: true), .text("Reference")], purpose: .markDone(step: step.id)),
        actingOn: step, now: now)
    case .notApplicable where session.needsNoReportConfirmation(step):
      modal = .form(Form(
        title: "Step \(index + 1): no mandated report? \(step.title)",
        intro: session.noReportQuestion(step),
        fields: [
          .choice("Confirm", ["Not confirmed: keep the step pending", "I confirm that no mandated report is made"]),
          .text("Reason", multiline: true, required: true),
        ], purpose: .notApplicableNoReport(step: step.id)))
    case .notApplicable:
      modal = .form(Form(
        title: "Step \(index + 1) does not apply: \(step.title)",
        intro: ["Say why this step does not apply to this case. The reason goes in the record."],
        fields: [.text("Reason", multiline: true, required: true)], purpose: .notApplicable(step: step.id)))
    case .addNote:
      modal = .form(Form(
        title: "Note on step \(index + 1): \(step.title)", intro: [],
        fields: [.text("Note", multiline: true, required: true)], purpose: .stepNote(step: step.id)))
    case .recordCall:
      let contact = step.contact.flatMap(session.guide.contact)
      open(Form(
        title: "Record a call" + (contact.map { ": \($0.name)" } ?? ""),
        intro: contact.map { ["\($0.name): \($0.phone ?? "no phone number in the protocol's source")"] } ?? [],
        fields: [
          .text("Agency", contact?.name ?? "", required: true, hint: contact == nil ? nil : "the step's contact; typing replaces it", suggested: true),
          .text("Person spoken to"),
          .text("Their ID or badge"),
          .text("Referral or report number"),
          .text(
            "Time of the call", session.clockNow(now), required: true,
            hint: "HH:MM today, or YYYY-MM-DD HH:MM" + (session.zone.name(at: now).map { ", in \($0)" } ?? "")
              + "; typing replaces the time shown", suggested: true),
          .choice("Outcome", CallRecord.Outcome.allCases.map(\.description)),
          .text("Details", multiline: true),
        ], purpose: .call(step: step.id, contactID: contact?.id)),
        actingOn: step, now: now)
    case .reopen:
      if record.status == .pending {
        status = "This step is still pending: there is nothing to reopen."
        return []
      }
      modal = .form(Form(
        title: "Reopen step \(index + 1): \(step.title)",
        intro: ["The step goes back to pending; what was recorded stays in its history."],
        fields: [.text("Why (optional)")], purpose: .reopen(step: step.id)))
    case .escalate:
      let options = session.escalationTargets
      guard !options.isEmpty else {
        status = "The case is already at its most serious situation."
        return []
      }
      modal = .form(Form(
        title: "Escalate the case",
        intro: ["Everything recorded so far stays in the case."],
        fields: [.choice("New situation", options.map(\.title)), .text("What changed", multiline: true, required: true)],
        purpose: .escalate(options: options)))
    case .openReport:
      openReport(now: now)
    case .informationReceived:
      askInformationReceived(now: now)
    case .setReference:
      modal = .form(Form(
        title: "Case reference", intro: ["Your own reference for this case, shown in the summary and the list of drafts."],
        fields: [.text("Reference", session.state.reference ?? "", required: true)], purpose: .reference))
    case .review:
      return openReview()
    default:
      break
    }
    return []
  }

  /// Shows step `index` of the pathway (an event: the log says what was looked at).
  mutating func viewStep(_ index: Int, now: Timestamp) {
    guard let pathway = session?.pathway, pathway.steps.indices.contains(index) else { return }
    if send(.stepViewed(step: pathway.steps[index].id), now: now) { stepPage.scroll = 0 }
  }
}
