import GuideEngine

extension PlainGuide {
  /// The at-risk screening: every item asked yes or no, then the determination with its reason,
  /// then record it, answer again, or leave.
  mutating func screeningQuestions() throws(PlainStop) {
    guard let screening = current?.guide.screening else { return }
    say()
    banner()
    say("\(screening.title): one question for each item. Answer y if it is present, n if it is not.")
    if let note = screening.note { say(note) }
    try answerChecklist(screening)
    while current?.state.phase == .screening {
      guard let open = current else { return }
      let result = screening.evaluate(open.state.screeningAnswers)
      say()
      banner()
      say("Determination: \(result.reason)")
      if let target = result.leadsTo, let pathway = open.guide.pathway(target) {
        say("Leads to: \(pathway.title).")
      } else if result.determination == .notMet {
        say("Recording it asks for the reason and what was decided.")
      }
      let (key, _) = try menu(
        [
          MenuChoice("c", "Record this determination and go on", words: ["record"]),
          MenuChoice("a", "Answer the checklist again", words: ["again"]),
          MenuChoice("l", "Leave the screening without recording it (the answers are kept)", words: ["leave"]),
        ], prompt: "Action:",
        help: ["c records the determination. When the criteria are not met, you record the reason and what was decided."])
      switch key {
      case "c": do throws(PlainStop) { try concludeScreening(result) } catch { try cancelled(error) }
      case "a": try answerChecklist(screening)
      default: send(.screeningLeft)
      }
    }
  }

  private mutating func answerChecklist(_ screening: Screening) throws(PlainStop) {
    for criterion in screening.criteria {
      say()
      say(criterion.title + (criterion.minimum.map { ": at least \($0) of \(criterion.items.count) needed" } ?? ": observation checklist, no threshold"))
      if let prompt = criterion.prompt { say(prompt) }
      var group: String?
      let noun = criterion.itemNoun.hasSuffix("s") ? String(criterion.itemNoun.dropLast()) : criterion.itemNoun
      for (i, item) in criterion.items.enumerated() {
        if let g = item.group, g != group {
          say("\(g):")
          group = g
        }
        let marked = current?.state.screeningAnswers.isPresent(criterion: criterion.id, item: item.id) ?? false
        say("\(noun.capitalizedFirst) \(i + 1) of \(criterion.items.count): \(item.text)" + (marked ? " (now marked present)" : ""))
        let present = try yesNo(
          "Present?", help: ["Answer y when you have seen or been told this, n otherwise."],
          saying: ("present: \(item.short)", "not present: \(item.short)"))
        if present != marked {
          send(.screeningItemSet(criterion: criterion.id, item: item.id, present: present))
        }
      }
    }
  }

  private mutating func concludeScreening(_ result: ScreeningResult) throws(PlainStop) {
    switch result.determination {
    case .met:
      send(.screeningConcluded(note: nil))
    case .notMet:
      say("At-risk criteria not met. Record the reason and what was decided (for example, monitoring or a check-in plan).")
      let note = try text("Reason and decision", needed: true)
      send(.screeningConcluded(note: note))
    case .observationsRecorded:
      say("Record the observations. Add a note if you wish, then choose the situation that fits.")
      let note = try text("Note")
      send(.screeningConcluded(note: note.isEmpty ? nil : note))
    }
  }
}

extension String {
  /// "factor" to "Factor".
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
