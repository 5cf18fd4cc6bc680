import GuideEngine

extension Screens {
  static func start(_ app: AppState, into page: inout Page) {
    page.heading("Which protocol does your school follow?")
    page.blank()
    for (i, choice) in app.protocols.enumerated() {
      page.option(
        "\(i + 1). \(choice.guide.title)",
        detail: "\(choice.guide.jurisdiction) · \(choice.origin == "built-in" ? "built in" : choice.origin)",
        selected: i == app.startScreen.index)
    }
    page.blank()
    page.text("This guide helps you follow your county's protocol. It does not replace the protocol, your district's counsel or the agency that takes reports.", style: CellStyle(dim: true))
    page.text("A real case is saved as you go, encrypted with a passphrase you choose; 'csec-guide resume' continues it.", style: CellStyle(dim: true))
  }

  static func drafts(_ app: AppState, into page: inout Page) {
    page.heading("Which case do you want to continue?")
    page.text("Drafts are listed by reference, protocol, date, state and written report due only. Each opens with its own passphrase.", style: CellStyle(dim: true))
    page.blank()
    if app.drafts.isEmpty { page.text("There are no drafts. Press Esc to start a new case.") }
    for (i, draft) in app.drafts.enumerated() {
      let label = "\(i + 1). " + (draft.reference.map { "Case \($0)" } ?? "Case without a reference") + " · " + (draft.protocolID ?? "?")
      // Times in the case zone with its abbreviation, as everywhere (the line's own are).
      var detail = [draft.opened.map { "opened \(app.zone.show($0))" }, draft.updated.map { "last saved \(app.zone.show($0))" }]
        .compactMap { $0 }.joined(separator: "; ")
      if let line = draft.line, line.state != "-" {
        detail += "; " + line.state
        if line.due != "-" { detail += "; written report due \(line.due)" }
        if line.overdue != "-" { detail += "; OVERDUE by \(line.overdue)" }
      }
      if let problem = draft.problem { detail = "cannot be opened: \(problem)" }
      page.option(label, detail: detail + " [\(draft.id)]", selected: i == app.draftScreen.index)
    }
  }

  static func situation(_ app: AppState, into page: inout Page) {
    guard let session = app.session else { return }
    let guide = session.guide
    page.text(guide.title, style: .heading)
    page.text(guide.jurisdiction)
    page.blank()
    if case .notCovered(let s)? = Optional(session.state.phase), app.route == .situationAgain {
      page.text("'\(s.title)' is not covered by this protocol. Choose another situation:")
    } else {
      page.text("What is the situation?")
    }
    page.blank()
    for (i, option) in app.situationOptions().enumerated() {
      switch option {
      case .situation(let situation):
        page.option("\(i + 1). \(situation.title)", detail: guide.choiceDetail(situation), selected: i == app.situationScreen.index)
      case .screen:
        page.option(
          "\(i + 1). Not sure: screen the at-risk factors",
          detail: "Go through \(guide.screening?.title ?? "the screening") and let the criteria decide.",
          selected: i == app.situationScreen.index)
      }
    }
    if guide.screening == nil {
      page.blank()
      page.text("This protocol has no at-risk screening.", style: CellStyle(dim: true))
    }
    if let conclusion = session.state.screeningConclusion {
      page.blank()
      page.text("Screening recorded: \(conclusion.result.reason)")
      if let note = conclusion.note { page.text("Note: \(note)", indent: 2) }
    }
    page.blank()
    page.text("Case reference: \(session.state.reference ?? "none (press r to add one)")", style: CellStyle(dim: true))
  }

  /// Draws the checklists; returns the live determination for the fixed area below them.
  static func screening(_ app: AppState, into page: inout Page) -> [String] {
    guard let session = app.session, let screening = session.guide.screening else { return [] }
    let answers = session.state.screeningAnswers
    var row = 0
    if let note = screening.note {
      page.text(note, style: CellStyle(dim: true))
      page.blank()
    }
    for criterion in screening.criteria {
      page.anchor()
      page.text(criterion.title + (criterion.minimum.map { ": \($0) of \(criterion.items.count) needed" } ?? ": observation checklist, no threshold"), style: .heading)
      if let prompt = criterion.prompt { page.text(prompt) }
      var group: String?
      for (i, item) in criterion.items.enumerated() {
        if let g = item.group, g != group {
          page.anchor(level: 1)
          page.text(g + ":", style: CellStyle(underline: true), indent: 2)
          group = g
        }
        let mark = answers.isPresent(criterion: criterion.id, item: item.id) ? "[x]" : "[ ]"
        page.option("\(mark) \(i + 1). \(item.text)", selected: row == app.screeningScreen.index, hang: 9 + (i + 1 >= 10 ? 1 : 0))
        row += 1
      }
      page.blank()
    }
    page.option("Record this determination and go on", selected: row == app.screeningScreen.index, style: .heading)
    let result = screening.evaluate(answers)
    var lines = ["Determination: " + result.reason]
    if let target = result.leadsTo, let pathway = session.guide.pathway(target) {
      lines.append("Leads to: \(pathway.title).")
    } else if result.determination == .notMet {
      lines.append("Recording it asks for the reason and what was decided.")
    }
    return lines
  }

  static func notCovered(_ app: AppState, into page: inout Page) {
    guard let session = app.session, case .notCovered(let situation) = session.state.phase else { return }
    page.text("This protocol does not cover: \(situation.title)", style: .heading)
    page.blank()
    var closest: Pathway?
    if case .notCovered(let explanation, let c) = session.guide.coverage(of: situation) {
      page.text(explanation)
      closest = c
    }
    page.blank()
    page.text("The district decides how to proceed. No steps are taken from another protocol.", style: .heading)
    page.blank()
    var i = 0
    if let closest {
      page.option("1. Follow the closest pathway this protocol has: \(closest.title)", selected: app.notCoveredScreen.index == 0)
      i = 1
    }
    page.option("\(i + 1). Choose another situation", selected: app.notCoveredScreen.index == i)
  }

  static func step(_ app: AppState, into page: inout Page) {
    guard let session = app.session, let pathway = session.pathway, let step = session.currentStep,
      let run = session.state.activeRun
    else { return }
    let state = session.state
    let index = state.currentStepIndex
    page.text(pathway.title, style: .heading)
    if run.followedAsClosest {
      page.text("Followed as the closest pathway to '\(run.situation.title)', which this protocol does not cover; the district decides.", style: CellStyle(dim: true))
    }
    var progress = ""
    var done = 0
    var notApplicable = 0
    for (i, s) in pathway.steps.enumerated() {
      let r = state.record(pathway: pathway.id, step: s.id)
      let mark: String
      switch r.status {
      case .done: mark = "x"; done += 1
      case .notApplicable: mark = "-"; notApplicable += 1
      case .pending: mark = " "
      }
      progress += i == index ? "<\(mark)>" : "[\(mark)]"
    }
    let pending = pathway.steps.count - done - notApplicable
    page.text("Step \(index + 1) of \(pathway.steps.count)  \(progress)  \(done) done, \(notApplicable) n/a, \(pending) pending")
    page.rule()
    let record = state.record(pathway: pathway.id, step: step.id)
    let status: String
    switch record.status {
    case .pending: status = "PENDING"
    case .done: status = "DONE " + (record.statusAt.map(session.zone.show) ?? "")
    case .notApplicable: status = "NOT APPLICABLE " + (record.statusAt.map(session.zone.show) ?? "")
    }
    let titleLine = page.lines.count
    page.text("Step \(index + 1): \(step.title)  [\(status)]", style: .heading)
    page.cursor = (titleLine, 0)
    if let condition = step.condition { page.text("Condition: \(condition)", style: CellStyle(underline: true)) }
    page.blank()
    page.text(step.detail)
    if let who = step.who {
      page.blank()
      page.text("Who: \(who)")
    }
    for contact in StepContact.at(step, in: session.guide) {
      page.blank()
      let number = contact.number.hasPrefix("phone ") ? "Phone " + contact.number.dropFirst(6) : contact.number
      page.text("\(contact.label): \(contact.name) · \(number)", style: .heading)
      if let role = contact.role { page.text(role, indent: 2) }
      if let note = contact.note { page.text(note, style: CellStyle(dim: true), indent: 2) }
    }
    if step.mandatedReport, let report = session.guide.mandatedReport {
      page.blank()
      page.text("This step makes the mandated report. \(report.phoneReport)", style: CellStyle(dim: true))
      if let hint = session.reportStepHint { page.text(hint, style: CellStyle(dim: true)) }
    }
    // The law that bears on the decision at this step (PC 11165.1 on the California report steps).
    let notes = session.legalNoteLines(step)
    if !notes.isEmpty { page.blank() }
    for note in notes { page.text(note, style: .heading) }
    if case .notApplicable(let reason) = record.status { page.text("Reason: \(reason)", indent: 2) }
    if let note = record.note { page.text("Note: \(note)", indent: 2) }
    if let reference = record.reference { page.text("Reference: \(reference)", indent: 2) }
    let summary = session.summary
    for call in record.calls { page.text("Call: " + summary.describe(call), indent: 2, hang: 4) }
    for note in record.notes { page.text("Note (\(session.zone.show(note.at))): \(note.value)", indent: 2, hang: 4) }
    if record.timesReopened > 0 {
      page.text("History: " + record.history.map { "\($0.value) (\(session.zone.show($0.at)))" }.joined(separator: "; "), style: CellStyle(dim: true), indent: 2, hang: 4)
    }
    if state.runs.count > 1 {
      page.blank()
      page.text("Earlier pathways of this case stay in the summary.", style: CellStyle(dim: true))
    }
  }

  static func report(_ app: AppState, into page: inout Page) {
    guard let session = app.session else { return }
    let state = session.state
    let guide = session.guide
    let summary = session.summary
    if let report = guide.mandatedReport {
      page.text(report.law, style: .heading)
      page.text(report.phoneReport)
      if let phone = summary.phoneReport {
        page.text("Phone report recorded: \(summary.show(phone.calledAt)), \(phone.agency).")
      }
      if let due = summary.writtenReportDue { page.text("Written report due: \(summary.show(due)).", style: .heading) }
      if PendingReport.isPending(session) {
        page.text("The case is finished; its written report is pending. w marks it sent at the time it was sent; c closes the case with a reason.", style: .heading)
      }
      page.blank()
    } else {
      page.text("This protocol carries no report form: reporting follows your state's law.", style: .heading)
      page.blank()
    }
    for (i, row) in app.reportRows().enumerated() {
      switch row {
      case .field(let field):
        let value: String
        switch state.reportFields[field.id] {
        case .text(let text)?: value = text
        case .unknown?: value = "unknown"
        case nil: value = "not entered"
        }
        page.option(field.label + (field.needed == .ifKnown ? " (if known)" : ""), detail: value, selected: i == app.reportScreen.index)
      case .decision:
        let value: String
        switch state.reportDecision?.value {
        case .reporting?: value = "a report is being made (press n to record a decision not to report)"
        case .notReporting(let reason)?: value = "no report is made: \(reason)"
        case nil: value = "not recorded (Enter to record it: a report is being made, or no report with the reason)"
        }
        page.option("Decision", detail: value, selected: i == app.reportScreen.index)
      case .writtenReport:
        var value = state.writtenReportSent.map { "sent \(summary.show($0.at))" + ($0.value.map { ", reference \($0)" } ?? "") } ?? "not marked sent (press w: sent at the time you give)"
        if state.writtenReportSent == nil, case .notReporting? = state.reportDecision?.value { value = "not applicable: the case records a decision not to report" }
        page.option("Written report", detail: value, selected: i == app.reportScreen.index)
      }
    }
    if let report = guide.mandatedReport, let note = report.note {
      page.blank()
      page.text(note, style: CellStyle(dim: true))
    }
  }

  static func review(_ app: AppState, into page: inout Page) {
    guard let session = app.session else { return }
    let text = session.summary.document.plainText(width: page.width)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      page.text(String(line), style: line.hasPrefix("CONFIDENTIAL") ? .heading : .plain)
    }
  }

  static func help(_ app: AppState, into page: inout Page) {
    // The keys come from the same tables as the key handling and the footer.
    page.heading("Keys on every screen")
    if app.training != nil {
      page.text("Training: a fictional case, nothing is saved; the screen never locks. v shows the story again during the walkthrough.", indent: 2, hang: 4)
    }
    for binding in KeyBindings.global(app) { page.text(binding.helpLine, indent: 2, hang: 4) }
    page.blank()
    // Opened over a dialog: its keys first, from the table its footer reads.
    if let over = app.helpReturn {
      page.heading(dialogName(over))
      for binding in KeyBindings.dialog(over) { page.text(binding.helpLine, indent: 2, hang: 4) }
      page.blank()
    }
    page.heading("On this screen")
    page.text(screenPurpose(app.screen), indent: 2)
    for binding in KeyBindings.screen(app) { page.text(binding.helpLine, indent: 2, hang: 4) }
    page.blank()
    page.heading("Typing notes")
    for line in [
      "Arrows, Home/End, Backspace/Delete move and delete as usual.",
      "Ctrl-A / Ctrl-E: start / end of the line; Ctrl-K / Ctrl-U: delete to the end / start; Ctrl-W: delete a word.",
      "Enter starts a new line in a note; Tab moves to the next field; Ctrl-D saves; Esc cancels.",
      "In a form, F1 opens this help and Ctrl-R the reference; closing either returns to the form with its text.",
      "Pasting text works: it is typed in as it arrives.",
    ] { page.text(line, indent: 2, hang: 4) }
  }

  /// The heading of a dialog's keys in the help opened over it.
  static func dialogName(_ modal: Modal) -> String {
    switch modal {
    case .form: return "In this form"
    case .reference: return "In the reference"
    case .story: return "In the story"
    case .newInformation: return "In the new information"
    case .confirmQuit, .confirmFinish: return "In this question"
    case .help: return "In the help"
    }
  }

  /// What the screen is for, above its keys in the help.
  static func screenPurpose(_ screen: ScreenID) -> String {
    switch screen {
    case .start: return "Choose the protocol your school follows. Your last choice is remembered. A real case asks for a passphrase: its draft is encrypted and saved after every change."
    case .drafts: return "Choose a saved case and type its passphrase to continue it exactly where it stopped."
    case .situation: return "Choose the situation that fits. Each says which pathway of this protocol it leads to. If you are not sure, screen the at-risk factors: the criteria decide."
    case .screening: return "Mark each factor present or absent. The determination below updates as you go."
    case .notCovered: return "The protocol does not cover this situation. You can follow the pathway it names as closest, or choose another situation. The district decides."
    case .step: return "One step of the pathway: what to do, who does it, whom to call, and what was recorded on it."
    case .report: return "The mandated report's contents and deadline, and the decision to report or not."
    case .review: return "The summary as it will be saved. A finished case cannot be changed."
    case .scenarios: return "Training: each scenario is a fictional case walked with a real protocol. Nothing is saved, no passphrase is asked and the screen never locks."
    case .briefing: return "Read the story, then walk the case as you would a real one. Left/Right move between steps freely."
    case .debrief: return "Each of your choices compared with the expected one, with the reason, then the score and the debrief points with their sources."
    }
  }

  static func formPage(_ form: Form, into page: inout Page) {
    page.heading(form.title)
    for line in form.intro { page.text(line) }
    page.blank()
    for (i, field) in form.fields.enumerated() {
      let focused = form.focus == i
      let label = (focused ? "> " : "  ") + field.label + (field.required ? " (needed)" : "") + ":"
      page.text(label, style: focused ? .heading : .plain)
      if let hint = field.hint { page.text(hint, style: CellStyle(dim: true), indent: 4) }
      switch field.kind {
      case .text(let editor) where field.secret:
        let dots = String(repeating: "•", count: editor.text.count)
        let line = page.lines.count
        page.raw(dots.isEmpty ? "_" : dots, style: CellStyle(underline: focused), indent: 4)
        if focused {
          page.focus = line..<line + 1
          page.cursor = (line, editor.text.count)
        }
      case .text(let editor):
        let avail = max(8, page.width - 4)
        let first = page.lines.count
        var cursorLine = first
        var cursorColumn = 4
        var visual = 0
        for (row, chars) in editor.lines.enumerated() {
          var segments = Self.fieldSegments(chars, width: avail)
          // The cursor's place: in the segment that holds its column (the last one at the end of
          // the line), in display cells; a full last line puts it at the start of the next.
          var cursorSegment = segments.count - 1
          var cursorCells = 0
          if row == editor.row {
            cursorSegment = segments.lastIndex { $0.lowerBound <= editor.column } ?? 0
            cursorCells = chars[segments[cursorSegment].lowerBound..<min(editor.column, chars.count)].reduce(0) { $0 + DisplayWidth.of($1) }
            if cursorCells >= avail, editor.column == chars.count {
              segments.append(chars.count..<chars.count)
              cursorSegment += 1
              cursorCells = 0
            }
          }
          for (c, segment) in segments.enumerated() {
            let chunk = String(chars[segment])
            // A suggestion that typing replaces shows as selected (reverse video, no colour).
            page.raw(chunk.isEmpty && editor.lines.count == 1 && chars.isEmpty ? "_" : chunk,
              style: CellStyle(reverse: focused && editor.replacesOnType, underline: focused), indent: 4)
            if row == editor.row, c == cursorSegment {
              cursorLine = first + visual
              cursorColumn = cursorCells
            }
            visual += 1
          }
        }
        if focused {
          page.focus = first..<page.lines.count
          page.cursor = (cursorLine, cursorColumn)
        }
      case .choice(let options, let selected):
        for (j, option) in options.enumerated() {
          let line = page.lines.count
          page.text((j == selected ? "(*) " : "( ) ") + "\(j + 1). " + option,
            style: focused && j == selected ? .focused : .plain, indent: 4, hang: 8)
          if focused && j == selected {
            page.focus = line..<page.lines.count
            page.cursor = (line, 0)
          }
        }
      }
      page.blank()
    }
    let buttonsLine = page.lines.count
    let label = form.submitLabel
    let save = form.focus == form.saveIndex ? "> [ \(label) ] <" : "  [ \(label) ]  "
    let cancel = form.focus == form.cancelIndex ? "> [ Cancel ] <" : "  [ Cancel ]  "
    page.text(save + "   " + cancel, style: form.focus >= form.saveIndex ? .heading : .plain)
    if form.focus >= form.saveIndex {
      page.focus = buttonsLine..<buttonsLine + 1
      page.cursor = (buttonsLine, form.focus == form.saveIndex ? 2 : save.count + 5)
    }
  }

  /// Where a typed line breaks on screen: after the last space that fits `width` display cells
  /// (wide characters and emoji take two), inside a word only when the word alone is wider.
  static func fieldSegments(_ chars: [Character], width: Int) -> [Range<Int>] {
    var segments: [Range<Int>] = []
    var start = 0
    while true {
      var cells = 0
      var end = start
      var afterSpace: Int?
      while end < chars.count {
        let w = DisplayWidth.of(chars[end])
        if cells + w > width { break }
        cells += w
        end += 1
        if chars[end - 1] == " " { afterSpace = end }
      }
      if end >= chars.count {
        segments.append(start..<chars.count)
        return segments
      }
      let breakAt = afterSpace.flatMap { $0 > start ? $0 : nil } ?? max(end, start + 1)
      segments.append(start..<breakAt)
      start = breakAt
    }
  }
}
