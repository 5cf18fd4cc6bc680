import GuideEngine
import GuideSession

extension PlainGuide {
  /// Records a call on a step: the same fields and checks as the full-screen call form.
  mutating func recordCall(_ step: Step) throws(PlainStop) {
    guard let open = current else { return }
    let now = options.now()
    let contact = step.contact.flatMap(open.guide.contact)
    say("Record a call" + (contact.map { ": \($0.name), " + ($0.phone.map { "phone \($0)" } ?? "no phone number in the protocol's source") } ?? "") + ".")
    let agency = try text("Agency", needed: true, initial: contact?.name)
    let person = try text("Person spoken to")
    let badge = try text("Their ID or badge")
    let referral = try text("Referral or report number")
    let calledAt = try callTime(now: now)
    say("Outcome of the call:")
    let outcomes = CallRecord.Outcome.allCases
    let outcome = outcomes[try choose(
      prompt: "Outcome (1-\(outcomes.count)):", outcomes.map(\.description),
      help: ["What came of the call, including an agency that declined the report."], cancellable: true)]
    let details = try text("Details")
    let call = open.callRecord(
      suggestedContact: contact?.id, agency: agency, person: person, badge: badge, referral: referral,
      calledAt: calledAt, outcome: outcome, details: details)
    if send(.callRecorded(step: step.id, call: call)) {
      say("Call recorded: \(current?.summary.describe(call) ?? agency).")
    }
  }

  /// The time of the call, checked as the full-screen form checks it: HH:MM today (23:50 typed
  /// just after midnight is yesterday's), or a full date, never later than now. "9:5" is 09:05.
  /// Only an accepted time is said back, as it was recorded.
  private mutating func callTime(now: Timestamp) throws(PlainStop) -> Timestamp {
    let label = "Time of the call"
    say("Type HH:MM for today, or YYYY-MM-DD HH:MM.")
    let help = [
      "When the call was made: HH:MM for today (a time later than now is taken as yesterday's), or YYYY-MM-DD HH:MM.",
      "Enter keeps the time shown. Type cancel to go back without recording anything.",
    ]
    while true {
      guard let open = current else { throw .cancelled }
      let shown = open.clockNow(now)
      let zone = open.zone.name(at: now).map { "\($0); " } ?? ""
      var typed = try ask("\(label) [\(shown)] (\(zone)Enter keeps it):", help: help, cancellable: true)
      if typed.isEmpty { typed = shown }
      let call: CallTime
      do throws(CallTime.Refusal) { call = try open.readTime(typed, now: now) } catch {
        try doesNotFit(error.message, why: error.clause)
        continue
      }
      say("\(label): " + open.zone.show(call.at))
      if let note = call.note { say(note) }
      return call.at
    }
  }
}
