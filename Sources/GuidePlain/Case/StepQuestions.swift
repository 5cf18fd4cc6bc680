import GuideEngine
import GuideSession

extension PlainGuide {
  /// One step of the pathway: its whole text when it is new, then what to do with it.
  mutating func stepQuestion() throws(PlainStop) {
    guard current?.pathway != nil, current?.currentStep != nil else { return }
    let runsBefore = max(announcedRuns, runsAtResume)
    announcePathway()
    // A pathway that makes the mandated report was entered: when was the information received?
    // Asked before the step is shown, so its report lines say what was answered.
    if current?.enteredReportPathway(runsBefore: runsBefore) == true { try askInformationReceivedFirst() }
    guard let open = current, let pathway = open.pathway, let step = open.currentStep else { return }
    let key = StepKey(pathway: pathway.id, step: step.id)
    let isNew = shownStep != key
    if isNew { showStep() }
    shownStep = key
    let index = open.state.currentStepIndex
    let record = open.state.record(pathway: pathway.id, step: step.id)
    var choices = [
      MenuChoice("d", "Mark it done (with an optional note and reference)", words: ["done"]),
      MenuChoice("x", "It does not apply (give the reason)", words: ["not-applicable", "na"]),
      MenuChoice("a", "Add a note", words: ["note"]),
      MenuChoice("c", "Record a call", words: ["call"]),
    ]
    if open.countsFromInformationReceived {
      choices.append(MenuChoice("t", "When the information was received (the written report's deadline counts from it)", words: ["information-received", "time"]))
    }
    if record.status != .pending { choices.append(MenuChoice("u", "Reopen it", words: ["reopen"])) }
    choices += [
      MenuChoice("n", "Next step", words: ["next"]),
      MenuChoice("p", "Previous step", words: ["previous"]),
      MenuChoice("g", "Go to a step: g and its number, or just the number", words: ["go-to-step", "go"], withArgument: "go to step"),
      MenuChoice("l", "Show this step and these actions again", words: ["show-again", "list", "show"]),
      MenuChoice("e", "Escalate the case (the picture changed)", words: ["escalate"]),
    ]
    choices += caseActions()
    let (action, argument) = try menu(
      choices, prompt: "Step \(index + 1) of \(pathway.steps.count), action:",
      help: [
        "d marks the step done; x records that it does not apply, with the reason; a adds a note; c records a call.",
        "n and p move to the next and previous step; a number goes to that step.",
        "e escalates the case (at risk to suspected to confirmed): everything recorded stays.",
      ], listing: isNew ? (actionsListed ? .compact : .full) : .none, numbers: 1...pathway.steps.count)
    if isNew { actionsListed = true }
    switch action {
    case "d":
      if record.status != .pending {
        try doesNotFit("Step \(index + 1) is already marked; u reopens it.", why: "step \(index + 1) is already marked")
      } else {
        if current?.asksBeforeActing(on: step) == true { try askInformationReceivedFirst() }
        do throws(PlainStop) { try markDone(step, number: index + 1) } catch { try cancelled(error) }
      }
    case "x": do throws(PlainStop) { try markNotApplicable(step, number: index + 1) } catch { try cancelled(error) }
    case "a": do throws(PlainStop) { try addNote(step, number: index + 1) } catch { try cancelled(error) }
    case "c":
      if current?.asksBeforeActing(on: step) == true { try askInformationReceivedFirst() }
      do throws(PlainStop) { try recordCall(step) } catch { try cancelled(error) }
    case "t": do throws(PlainStop) { try informationReceivedQuestion(skippable: false) } catch { try cancelled(error) }
    case "u":
      do throws(PlainStop) { try reopen(step, number: index + 1) } catch { try cancelled(error) }
    case "n":
      if index + 1 < pathway.steps.count { view(index + 1) } else {
        try doesNotFit("This is the last step: s reviews the summary, f finishes the case.", why: "this is the last step")
      }
    case "p":
      if index > 0 { view(index - 1) } else { try doesNotFit("This is the first step.", why: "this is the first step") }
    case "g", "#":
      guard let n = Int(argument), (1...pathway.steps.count).contains(n) else {
        try doesNotFit(
          "Give the step's number, from 1 to \(pathway.steps.count): for example g 2.",
          why: "give a step's number, from 1 to \(pathway.steps.count)")
        return
      }
      if action == "#" { say("Chosen: go to step \(n).") }
      view(n - 1)
    case "l":
      shownStep = nil
      actionsListed = false
    case "e": do throws(PlainStop) { try escalate() } catch { try cancelled(error) }
    default: try caseAction(action)
    }
  }

  private mutating func view(_ index: Int) {
    guard let pathway = current?.pathway else { return }
    send(.stepViewed(step: pathway.steps[index].id))
  }

  /// Says which pathway the case follows now, once for each pathway it enters.
  private mutating func announcePathway() {
    guard let open = current, open.state.runs.count > announcedRuns, let run = open.state.activeRun,
      let pathway = open.pathway
    else { return }
    announcedRuns = open.state.runs.count
    shownStep = nil
    say()
    say("Pathway: \(pathway.title), \(pathway.steps.count) steps, followed for '\(run.situation.title)'.")
    if run.followedAsClosest {
      say("Followed as the closest pathway to '\(run.situation.title)', which this protocol does not cover; the district decides.")
    }
    // Transcription notes and source locations are for 'protocol show' and the reference, not
    // for a counselor in the middle of a case (the full screen does not show them either).
    if open.state.runs.count > 1 { say("Earlier pathways of this case stay in the summary.") }
  }

  /// Everything the step says, as the full-screen step shows it, with what was recorded on it.
  mutating func showStep() {
    guard let open = current, let pathway = open.pathway, let step = open.currentStep else { return }
    let state = open.state
    let index = state.currentStepIndex
    let record = state.record(pathway: pathway.id, step: step.id)
    say()
    banner()
    say("Step \(index + 1) of \(pathway.steps.count): \(step.title)")
    switch record.status {
    case .pending: say("Status: pending.")
    case .done: say("Status: done, \(record.statusAt.map(open.zone.show) ?? "").")
    case .notApplicable(let reason): say("Status: not applicable, \(record.statusAt.map(open.zone.show) ?? ""). Reason: \(reason)")
    }
    if let condition = step.condition { say("Condition: \(condition)") }
    say(step.detail)
    if let who = step.who { say("Who: \(who)") }
    for contact in StepContact.at(step, in: open.guide) {
      say(contact.sentence)
      if let role = contact.role { say("  Role: \(role)") }
      if let note = contact.note { say("  Note: \(note)") }
    }
    if step.mandatedReport, let report = open.guide.mandatedReport {
      say("This step makes the mandated report. \(report.phoneReport)")
      if let hint = open.reportStepHint { say(hint) }
    }
    for note in open.legalNoteLines(step) { say(note) }
    if let note = record.note { say("  Note: \(note)") }
    if let reference = record.reference { say("  Reference: \(reference)") }
    for call in record.calls { say("  Call: " + open.summary.describe(call)) }
    for note in record.notes { say("  Note (\(open.zone.show(note.at))): \(note.value)") }
    if record.timesReopened > 0 {
      say("  History: " + record.history.map { "\($0.value) (\(open.zone.show($0.at)))" }.joined(separator: "; "))
    }
    var done = 0
    var notApplicable = 0
    for s in pathway.steps {
      switch state.record(pathway: pathway.id, step: s.id).status {
      case .done: done += 1
      case .notApplicable: notApplicable += 1
      case .pending: break
      }
    }
    say("Progress of this pathway: \(done) done, \(notApplicable) not applicable, \(pathway.steps.count - done - notApplicable) pending.")
    // The report panel, as the full screen shows it under the step.
    for line in open.reportPanel(now: options.now()) { say("Report: " + line) }
  }

  // MARK: - Forms

  private mutating func markDone(_ step: Step, number: Int) throws(PlainStop) {
    say("Step \(number) done: \(step.title). Optional: a note on what was done, and a reference such as a report number.")
    let note = try text("Note")
    let reference = try text("Reference")
    if send(.stepDone(step: step.id, note: note.isEmpty ? nil : note, reference: reference.isEmpty ? nil : reference)) {
      say("Step \(number) marked done.")
      goOn()
    }
  }

  private mutating func markNotApplicable(_ step: Step, number: Int) throws(PlainStop) {
    if let open = current, open.needsNoReportConfirmation(step) {
      // The decision not to report, made on purpose: the law at the step, a confirmation, the reason.
      for line in open.noReportQuestion(step) { say(line) }
      guard try yesNo(
        "Confirm that no mandated report is made for step \(number)?",
        help: ["y records that no mandated report is made, with the reason; n keeps the step pending."],
        saying: ("confirmed: no mandated report is made", "not confirmed"))
      else {
        say("Step \(number) stays pending.")
        return
      }
      let reason = try text("Reason no report is made", needed: true)
      if send(.stepNotApplicable(step: step.id, reason: reason, confirmedNoReport: true)) {
        say("Step \(number) marked not applicable: no mandated report is made (confirmed, with the reason).")
        goOn()
      }
      return
    }
    say("Step \(number) does not apply: \(step.title). Say why; the reason goes in the record.")
    let reason = try text("Reason", needed: true)
    if send(.stepNotApplicable(step: step.id, reason: reason)) {
      say("Step \(number) marked not applicable.")
      goOn()
    }
  }

  /// Done or not applicable: on to the next step, as a walkthrough does.
  private mutating func goOn() {
    guard let open = current, let pathway = open.pathway, open.state.phase == .walkingPathway else { return }
    if open.state.currentStepIndex + 1 < pathway.steps.count {
      view(open.state.currentStepIndex + 1)
    } else {
      say("That was the last step: s reviews the summary, f finishes the case.")
    }
  }

  private mutating func addNote(_ step: Step, number: Int) throws(PlainStop) {
    let note = try text("Note on step \(number)", needed: true)
    if send(.stepNoteAdded(step: step.id, text: note)) { say("Note added to step \(number).") }
  }

  private mutating func reopen(_ step: Step, number: Int) throws(PlainStop) {
    say("Reopen step \(number): it goes back to pending; what was recorded stays in its history.")
    let reason = try text("Why")
    if send(.stepReopened(step: step.id, reason: reason.isEmpty ? nil : reason)) { say("Step \(number) reopened.") }
  }

  private mutating func escalate() throws(PlainStop) {
    guard let open = current else { return }
    let options = open.escalationTargets
    guard !options.isEmpty else {
      try doesNotFit("The case is already at its most serious situation.", why: "the case is already at its most serious situation")
      return
    }
    say("Escalate the case. Everything recorded so far stays in the case.")
    let index = try choose(
      prompt: "New situation (1-\(options.count)):", options.map(\.title), details: options.map(\.whenItApplies),
      help: ["A case escalates from at risk to suspected to confirmed."], cancellable: true)
    let reason = try text("What changed", needed: true)
    if send(.escalated(to: options[index], reason: reason)) {
      say("The case is escalated to '\(options[index].title)'.")
    }
  }
}
