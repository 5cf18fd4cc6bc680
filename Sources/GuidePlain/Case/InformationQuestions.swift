import GuideEngine
import GuideSession

extension PlainGuide {
  /// When the information was received: asked as the full screen asks it (the rule is
  /// CaseSession's, in GuideSession). `skippable`: asked unprompted, it can be left for now.
  mutating func informationReceivedQuestion(skippable: Bool) throws(PlainStop) {
    guard let open = current, open.countsFromInformationReceived else {
      try doesNotFit(
        "This protocol has no rule that counts from when the information was received.",
        why: "this protocol has no rule that counts from when the information was received")
      return
    }
    let now = options.now()
    for line in open.informationReceivedQuestion { say(line) }
    let shown = open.state.informationReceived.map { open.zone.localize($0.value).dateTimeText } ?? open.clockNow(now)
    let help = [
      "Type HH:MM for today, or YYYY-MM-DD HH:MM (an earlier time is fine); Enter keeps the time shown.",
      skippable ? "Type skip to leave it for now (the finish question will say it is missing); cancel does the same." : "Type cancel to go back without recording anything.",
    ]
    while true {
      let typed = try ask(
        "Information received at [\(shown)] (" + (open.zone.name(at: now).map { "\($0); " } ?? "") + "Enter keeps it"
          + (skippable ? ", skip for now" : "") + "):", help: help,
        cancellable: true)
      if skippable, typed.lowercased() == "skip" {
        say("Not recorded for now: t records it later; the finish question says it is missing.")
        return
      }
      guard let open = current else { return }
      let answer: (action: CaseAction, note: String?)
      do throws(CallTime.Refusal) { answer = try open.informationReceivedAction(typed.isEmpty ? shown : typed, now: now) } catch {
        try doesNotFit(error.message, why: error.clause)
        continue
      }
      if send(answer.action) {
        say(current?.informationReceivedRecorded ?? "")
        if let note = answer.note { say(note) }
      }
      return
    }
  }

  /// Asked unprompted, cancelling leaves it for now (and the action that was asked for goes on).
  mutating func askInformationReceivedFirst() throws(PlainStop) {
    do throws(PlainStop) { try informationReceivedQuestion(skippable: true) } catch {
      guard error == .cancelled else { throw error }
      say("Not recorded for now: t records it later; the finish question says it is missing.")
    }
  }
}
