import GuideEngine
import GuideSession

extension PlainGuide {
  /// "What is the situation?": the four situations, the screening when the protocol has one,
  /// and the case-wide actions.
  mutating func situationQuestion() throws(PlainStop) {
    guard let open = current else { return }
    let guide = open.guide
    say()
    banner()
    if choosingAgain, case .notCovered(let s) = open.state.phase {
      say("'\(s.title)' is not covered by this protocol. Choose another situation:")
    } else {
      say("What is the situation?")
    }
    var choices = Situation.allCases.enumerated().map { i, situation in
      MenuChoice("\(i + 1)", situation.title, detail: guide.choiceDetail(situation))
    }
    if let screening = guide.screening {
      choices.append(MenuChoice(
        "\(choices.count + 1)", "Not sure: screen the at-risk factors",
        detail: "Go through \(screening.title) and let the criteria decide."))
    } else {
      say("This protocol has no at-risk screening.")
    }
    if let conclusion = open.state.screeningConclusion {
      say("Screening recorded: \(conclusion.result.reason)")
      if let note = conclusion.note { say("  Note: \(note)") }
    }
    choices += caseActions()
    let (key, _) = try menu(
      choices, prompt: "Situation (1-\(guide.screening == nil ? 4 : 5)) or action:",
      help: ["Choose the situation that fits: each says which pathway of this protocol it leads to.",
        "If you are not sure, screen the at-risk factors: the criteria decide."])
    if let n = Int(key) {
      if n <= Situation.allCases.count {
        if send(.situationChosen(Situation.allCases[n - 1])) { choosingAgain = false }
      } else {
        send(.screeningOpened)
      }
      return
    }
    try caseAction(key)
  }

  /// Actions open on the situation question and on every step: report, reference, summary.
  func caseActions() -> [MenuChoice] {
    [
      MenuChoice("m", "Mandated report: its contents and deadline, and the decision to report or not", words: ["report"]),
      MenuChoice("k", "Set your own case reference", words: ["case-reference", "case"]),
      MenuChoice("s", training == nil ? "Review the summary (and save or print it)" : "Review the summary", words: ["summary", "review"]),
      MenuChoice("f", "Finish the case", words: ["finish"]),
    ]
  }

  mutating func caseAction(_ key: String) throws(PlainStop) {
    switch key {
    case "m": try reportQuestions()
    case "k": do throws(PlainStop) { try caseReference() } catch { try cancelled(error) }
    case "s": try review()
    case "f": try finish()
    default: break
    }
  }

  mutating func caseReference() throws(PlainStop) {
    say("Your own reference for this case, shown in the summary. Do not type the student's name unless your district wants it in the record.")
    let reference = try text("Case reference", needed: true, initial: current?.state.reference)
    if send(.referenceSet(reference)) { say("Case reference set.") }
  }

  /// The situation is not covered: the protocol's explanation, then follow the closest pathway
  /// or choose another situation. The district decides.
  mutating func notCoveredQuestion(_ situation: Situation) throws(PlainStop) {
    guard let open = current, case .notCovered(let explanation, let closest) = open.guide.coverage(of: situation) else { return }
    say()
    banner()
    say("This protocol does not cover: \(situation.title)")
    say(explanation)
    say("The district decides how to proceed. No steps are taken from another protocol.")
    var labels: [String] = []
    if let closest { labels.append("Follow the closest pathway this protocol has: \(closest.title)") }
    labels.append("Choose another situation")
    let index = try choose(
      prompt: "Choice (1-\(labels.count)):", labels,
      help: ["The protocol does not cover this situation. Follow the pathway it names as closest, or choose another situation."])
    if closest != nil, index == 0 {
      send(.closestPathwayFollowed)
    } else {
      choosingAgain = true
    }
  }
}
