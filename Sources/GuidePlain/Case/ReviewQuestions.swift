import GuideEngine
import GuideSession
import GuideStore

extension PlainGuide {
  /// The summary as it will be saved, then save or print it, finish, or go back. In training
  /// nothing is saved: finish or go back.
  mutating func review() throws(PlainStop) {
    showSummary()
    while let open = current, !open.state.isFinished {
      var choices = [
        MenuChoice("f", "Finish the case (a finished case cannot be changed)", words: ["finish"]),
        MenuChoice("b", "Back to the case", words: ["back"]),
      ]
      if training == nil { choices.insert(MenuChoice("e", "Save or print the summary", words: ["export", "save"]), at: 0) }
      let (key, _) = try menu(
        choices, prompt: "Action:",
        help: [(training == nil ? "e saves the summary to a new file or prints it here; " : "") + "f finishes the case; b goes back to it."])
      switch key {
      case "e": do throws(PlainStop) { try export() } catch { try cancelled(error) }
      case "f":
        try finish()
        return
      default: return
      }
    }
  }

  mutating func showSummary() {
    guard let open = current else { return }
    say()
    banner()
    say(training == nil ? "The summary as it will be saved:" : "The summary of this training case (it is never saved):")
    say(document: open.summary.document)
    say("End of the summary.")
    audit("summary viewed")
  }

  /// Asks before finishing: a finished case cannot be changed.
  mutating func finish() throws(PlainStop) {
    guard let open = current else { return }
    // The same list as the full screen's finish question: the report's missing or late items,
    // then the pending steps. Finishing is still possible, on purpose.
    let warnings = open.finishWarnings(now: options.now())
    if !warnings.isEmpty {
      say("Before you finish, this is what the case does not record yet:")
      for line in warnings { say("  - " + line) }
    }
    let question = (warnings.isEmpty ? "Finish the case?" : "Finish the case anyway?") + " A finished case cannot be changed."
    guard try yesNo(question, help: ["y finishes the case; n goes back to it."]) else {
      say("Not finished: back to the case.")
      return
    }
    if send(.finished), training == nil {
      say("The case is finished. Save or print the summary now: e.")
      if let open = current, PendingReport.isPending(open) {
        say("Its written report is pending: the case stays in its encrypted draft until w marks it sent or c closes the case.")
      }
    }
  }

  /// After finishing: save or print the summary until the user quits.
  mutating func finishedQuestion() throws(PlainStop) {
    say()
    let pending = current.map(PendingReport.isPending) ?? false
    var choices = [
      MenuChoice("e", "Save or print the summary", words: ["export", "save"]),
      MenuChoice("s", "Show the summary again", words: ["summary", "show"]),
      MenuChoice("q", "Quit", words: ["quit"]),
    ]
    if pending {
      choices.insert(contentsOf: [
        MenuChoice("w", "The written report is sent (at the time you give)", words: ["written", "sent"]),
        MenuChoice("c", "Close the case without it (give the reason)", words: ["close"]),
      ], at: 0)
    }
    let (key, _) = try menu(
      choices, prompt: pending ? "The case is finished; its written report is pending. Action:" : "The case is finished. Action:",
      help: pending
        ? ["w marks the written report sent at the time it was sent; c closes the case with a reason. Until then the case stays in its encrypted draft."]
        : ["The case is finished and cannot change. e saves the summary to a new file or prints it here."])
    switch key {
    case "w": do throws(PlainStop) { try writtenReportSent() } catch { try cancelled(error) }
    case "c": do throws(PlainStop) { try closeCase() } catch { try cancelled(error) }
    case "e": do throws(PlainStop) { try export() } catch { try cancelled(error) }
    case "s": showSummary()
    default: try confirmQuit()
    }
  }

  /// A case whose written report is pending, closed with its reason.
  mutating func closeCase() throws(PlainStop) {
    say("Close the case without marking the written report sent: record why. It goes in the record with the time.")
    let reason = try text("Reason", needed: true)
    if send(.caseClosed(reason: reason)) { say(PendingReport.closedLine) }
  }

  /// Text, Markdown or JSON, to a new file only the user can read, or printed here.
  mutating func export() throws(PlainStop) {
    guard training == nil else {
      try doesNotFit(
        "Training: a fictional case is never saved. f finishes and shows the debrief.", why: "a training case is never saved")
      return
    }
    say("Export the summary. Only what you entered is in it. It is marked confidential.")
    let formats = SummaryFormat.allCases
    let format = formats[try choose(
      prompt: "Format (1-3):", formats.map(SummaryExport.title), help: ["The format of the summary."], cancellable: true)]
    let directory = options.exportDirectory
    let place = directory.map { $0 == "." ? "the current directory" : $0 } ?? "no directory (saving files is not available on this account)"
    let whereTo = try choose(
      prompt: "Where (1-3):",
      [
        "Save to a new file in \(place), readable only by you", "Print it here, between the lines BEGIN SUMMARY and END SUMMARY",
        "Save to a new file with a name you type, in \(place)",
      ],
      help: ["A new file never replaces an existing one. Printed, it stays in this terminal's scrollback."], cancellable: true)
    var name: String?
    if whereTo == 2 {
      while name == nil {
        let typed = try ask("File name (the extension .\(SummaryExport.fileExtension(format)) is added):", help: ["A plain name: the file goes in \(place)."], cancellable: true)
        switch SummaryExport.chosenName(typed, format: format) {
        case .success(let chosen): name = chosen
        case .failure(let problem): try doesNotFit(problem.message, why: problem.message.asClause)
        }
      }
    }
    guard let open = current else { return }
    let text = open.summary.rendered(format, width: options.width)
    if whereTo == 1 {
      say("BEGIN SUMMARY (\(format.rawValue))")
      io.write(PlainText.printable(text))
      if !text.hasSuffix("\n") { io.write("\n") }
      say("END SUMMARY")
      exported(format, .printed)
      return
    }
    let outcome = SummaryExport.saveFile(text, format: format, directory: directory, now: options.now(), name: name)
    say(outcome.message + (outcome == .notAvailable ? " Print it here instead." : ""))
    if let record = outcome.record { exported(format, record) }
  }

  /// The summary left the program: the case log says how, and nothing recorded is unsaved.
  private mutating func exported(_ format: SummaryFormat, _ record: SummaryExport.Record) {
    if record.keepsTheCase { current?.markSaved() }
    audit(record.auditEntry(format))
  }
}
