import GuideEngine

extension PlainGuide {
  mutating func showHelp(_ lines: [String], cancellable: Bool) {
    say()
    say("Help")
    for line in lines { say("  " + line) }
    say("At any question:")
    say("  ? or help: this help")
    say("  r or reference: the reference: definitions, risk factors, indicators and this protocol's contacts, with their sources")
    if training != nil { say("  v or story: the scenario's story again") }
    say("  q or quit: quit (asks first when something recorded would be lost: \(keeper.draft == nil ? noDraftReason : "the draft keeps the case, 'csec-guide resume --plain' continues it"))")
    if io.inputIsTerminal { say("  Ctrl-C, or Ctrl-D on an empty line: the same as q") }
    if cancellable { say("  cancel: go back without recording this") }
    say("  Numbers choose from a list; letters are actions. A line starting with # is ignored.")
    say("  To give one of these words as an answer (a note that says just q), start it with a backslash: \\q")
    say("End of help.")
  }

  mutating func showReference() {
    say()
    say(document: ReferenceDocument.build(library: guides, selected: current?.guide))
    say("End of the reference.")
  }

  mutating func showStory() {
    guard let run = training, let guide = current?.guide ?? guides.first(where: { $0.id == run.scenario.protocolID }) else { return }
    say()
    say(document: run.scenario.briefingDocument(protocolTitle: guide.title))
    if run.newInformationShown, let info = run.scenario.newInformation {
      say()
      say("NEW INFORMATION")
      say(wrapped(info.text))
    }
    say("End of the story.")
  }

  /// Quits at once when nothing would be lost; asks first otherwise. `q`, Ctrl-C and Ctrl-D at a
  /// terminal all come here; Ctrl-C or Ctrl-D at the question itself quits.
  mutating func confirmQuit(_ request: QuitRequest = .typed) throws(PlainStop) {
    if confirmingQuit, request != .typed { throw .quit }
    guard quittingLosesWork else { throw .quit }
    let now = request == .typed ? "" : " now"
    var question = training != nil
      ? "Quit the training walkthrough\(now)? Nothing is saved in training."
      : "Quit\(now)? What you recorded since the summary was last saved is lost: \(noDraftReason)."
    switch request {
    case .typed: break
    case .interrupt: question += " Ctrl-C again quits."
    case .endOfInput: question += " Ctrl-D again quits."
    }
    confirmingQuit = true
    defer { confirmingQuit = false }
    if try yesNo(question, help: [], globals: false) { throw .quit }
    say("Not quitting: back to the question.")
  }

  /// Training: once the scenario's trigger step is marked, the picture changes (shown once,
  /// before the next question).
  mutating func showNewInformationWhenDue() {
    guard var run = training, !run.newInformationShown, let info = run.scenario.newInformation,
      let open = current, !open.state.isFinished, run.scenario.newInformationDue(in: open.state)
    else { return }
    run.newInformationShown = true
    training = run
    say()
    banner()
    say("NEW INFORMATION")
    say(wrapped(info.text))
    say("Decide what this changes; v shows the whole story again.")
  }

  /// Story text as the story document is: paragraphs wrapped at the width.
  func wrapped(_ text: String) -> String {
    TextWrap.lines(text.paragraphs, width: options.width).joined(separator: "\n")
  }
}

extension String {
  /// Paragraphs separated by one blank line; single line breaks inside a paragraph joined.
  var paragraphs: String {
    TextWrap.paragraphs(self).joined(separator: "\n\n")
  }
}
