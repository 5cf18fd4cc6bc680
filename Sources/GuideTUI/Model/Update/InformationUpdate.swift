import GuideEngine
import GuideSession

extension AppState {
  // MARK: When the information was received (the rule is CaseSession's, in GuideSession)

  /// The question "when was the information received", with now (or the time recorded) typed
  /// in; `then` opens after it, saved or skipped.
  func informationForm(now: Timestamp, then next: Form? = nil) -> Form? {
    guard let session, session.countsFromInformationReceived else { return nil }
    let recorded = session.state.informationReceived?.value
    let initial = recorded.map { session.zone.localize($0).dateTimeText } ?? session.clockNow(now)
    return Form(
      title: recorded == nil ? "When was the information received?" : "Change when the information was received",
      intro: session.informationReceivedQuestion
        + [next == nil ? "Enter records the time shown. Esc goes back without recording it." : "Enter records the time shown. Esc skips it for now (the finish question will say it is missing)."],
      fields: [.text(
        "Received at", initial, required: true,
        hint: "HH:MM today, or YYYY-MM-DD HH:MM (an earlier time is fine)" + (session.zone.name(at: now).map { ", in \($0)" } ?? "")
          + "; typing replaces the time shown",
        suggested: true)],
      purpose: .informationReceived(then: next))
  }

  /// Opens `form`, asking first when the information was received if the rule says so now
  /// (before the first action on a mandated-report step).
  mutating func open(_ form: Form, actingOn step: Step, now: Timestamp) {
    if session?.asksBeforeActing(on: step) == true, let ask = informationForm(now: now, then: form) {
      modal = .form(ask)
    } else {
      modal = .form(form)
    }
  }

  /// t on the step and report screens.
  mutating func askInformationReceived(now: Timestamp) {
    guard let form = informationForm(now: now) else {
      status = "This protocol has no rule that counts from when the information was received."
      return
    }
    modal = .form(form)
  }

  /// After a key: the case entered a pathway that makes the mandated report (rule 1).
  mutating func askWhenReportPathwayEntered(runsBefore: Int, now: Timestamp) {
    guard modal == nil, lock == nil, let session, session.enteredReportPathway(runsBefore: runsBefore),
      let form = informationForm(now: now)
    else { return }
    modal = .form(form)
  }
}
