import GuideEngine

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
    var calledAt: Timestamp
    while true {
      let typed = try text("Time of the call", needed: true, initial: now.clockText, hint: "Type HH:MM for today, or YYYY-MM-DD HH:MM.")
      guard var time = Timestamp(clockText: typed, near: now) else {
        say("Type the time as HH:MM (today) or YYYY-MM-DD HH:MM.")
        continue
      }
      if time.secondsSinceEpoch > now.secondsSinceEpoch + 300 {
        // "23:50" typed just after midnight means yesterday; a full date in the future is a mistake.
        guard typed.count <= 5 else {
          say("That time is later than now: type when the call was made.")
          continue
        }
        time = time.adding(hours: -24)
      }
      calledAt = time
      break
    }
    say("Outcome of the call:")
    let outcomes = CallRecord.Outcome.allCases
    let outcome = outcomes[try choose(
      prompt: "Outcome (1-\(outcomes.count)):", outcomes.map(\.description),
      help: ["What came of the call, including an agency that declined the report."], cancellable: true)]
    let details = try text("Details")
    let call = CallRecord(
      contactID: contact?.name == agency ? contact?.id : nil, agency: agency,
      personSpoken: person.isEmpty ? nil : person, badgeOrID: badge.isEmpty ? nil : badge,
      referralNumber: referral.isEmpty ? nil : referral, calledAt: calledAt, outcome: outcome,
      details: details.isEmpty ? nil : details)
    if send(.callRecorded(step: step.id, call: call)) {
      say("Call recorded: \(current?.summary.describe(call) ?? agency).")
    }
  }
}
