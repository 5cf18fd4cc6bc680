import GuideEngine
import GuideSession

extension PlainGuide {
  /// The mandated report: its law and deadline, its fields, the decision and the written report.
  mutating func reportQuestions() throws(PlainStop) {
    var showList = true
    if current?.shouldAskInformationReceived == true {
      showReport()
      showList = false
      try askInformationReceivedFirst()
    }
    while true {
      guard let open = current else { return }
      let guide = open.guide
      let fields = guide.mandatedReport?.fields ?? []
      if showList { showReport() }
      var choices: [MenuChoice] = [
        MenuChoice("y", "A report is being made", words: ["yes"]),
        MenuChoice("n", "No report is made (give the reason)", words: ["no"]),
      ]
      if guide.mandatedReport?.writtenReportHours != nil {
        choices.append(MenuChoice("w", "The written report is sent (at the time you give)", words: ["written"]))
      }
      if open.countsFromInformationReceived {
        choices.append(MenuChoice("t", "When the information was received", words: ["information-received", "time"]))
      }
      choices += [
        MenuChoice("l", "Show the report again", words: ["list", "show"]),
        MenuChoice("b", "Back to the case", words: ["back"]),
      ]
      let (key, argument) = try menu(
        choices, prompt: fields.isEmpty ? "Report action:" : "Field number (1-\(fields.count)) or report action:",
        help: ["A field's number fills it in (or marks it unknown). The report is made even when some fields are unknown.",
          "y records that a report is being made; n records a decision not to report, with its reason."],
        listing: showList ? .full : .none, numbers: fields.isEmpty ? nil : 1...fields.count)
      showList = false
      switch key {
      case "#":
        if let n = Int(argument) {
          do throws(PlainStop) { try fillIn(fields[n - 1]) } catch { try cancelled(error) }
        }
      case "y":
        if send(.reportDecided(.reporting)) { say("Recorded: a mandated report is being made.") }
      case "n":
        do throws(PlainStop) { try decideNotToReport() } catch { try cancelled(error) }
      case "w":
        if case .notReporting? = open.state.reportDecision?.value {
          try doesNotFit(
            "The case records a decision not to report: record that a report is being made first (y).",
            why: "the case records a decision not to report")
        } else {
          do throws(PlainStop) { try writtenReportSent() } catch { try cancelled(error) }
        }
      case "t":
        do throws(PlainStop) { try informationReceivedQuestion(skippable: false) } catch { try cancelled(error) }
      case "l":
        showList = true
      default:
        return
      }
    }
  }

  private mutating func showReport() {
    guard let open = current else { return }
    let state = open.state
    let summary = open.summary
    say()
    banner()
    if let report = open.guide.mandatedReport {
      say("Mandated report: \(report.law)")
      say(report.phoneReport)
      if let phone = summary.phoneReport { say("Phone report recorded: \(summary.show(phone.calledAt)), \(phone.agency).") }
      if let due = summary.writtenReportDue { say("Written report due: \(summary.show(due)).") }
    } else {
      say("This protocol carries no report form: reporting follows your state's law.")
    }
    for (i, field) in (open.guide.mandatedReport?.fields ?? []).enumerated() {
      let value: String
      switch state.reportFields[field.id] {
      case .text(let text)?: value = text
      case .unknown?: value = "unknown"
      case nil: value = "not entered"
      }
      say("  \(i + 1). \(field.label)\(field.needed == .ifKnown ? " (if known)" : ""): \(value)")
    }
    switch state.reportDecision?.value {
    case .reporting?: say("Decision: a report is being made.")
    case .notReporting(let reason)?: say("Decision: no report is made. Reason: \(reason)")
    case nil: say("Decision: not recorded.")
    }
    if open.guide.mandatedReport?.writtenReportHours != nil {
      if let sent = state.writtenReportSent {
        say("Written report: sent \(summary.show(sent.at))" + (sent.value.map { ", reference \($0)" } ?? "") + ".")
      } else if case .notReporting? = state.reportDecision?.value {
        say("Written report: not applicable: the case records a decision not to report.")
      } else {
        say("Written report: not marked sent.")
      }
    }
    if let note = open.guide.mandatedReport?.note { say(note) }
    for line in open.reportPanel(now: options.now()) { say("Report: " + line) }
  }

  private mutating func fillIn(_ field: ReportField) throws(PlainStop) {
    // What the case has, else the reporter profile's value (Enter keeps it).
    let current = self.current.map { ReporterProfile.prefill(training == nil ? reporterProfile : nil, field: field.id, state: $0.state) } ?? ""
    say("\(field.label)\(field.needed == .ifKnown ? " (if known)" : ""). Type what you know, or mark it unknown.")
    let value: ReportFieldValue
    if field.choices.isEmpty {
      // A long answer (`multiline: true` in the protocol) is still one line here: the help says so.
      // Not "(needed)": that read as the report's own word for the field (an "if known" field
      // was marked needed). An empty line leaves the field as it was.
      let typed = try text(
        field.label, needed: false, initial: current.isEmpty ? nil : current,
        hint: "Type unknown to mark it unknown; an empty line leaves it as it was.",
        help: field.multiline ? ["This answer can be long: type it all on one line, sentence after sentence."] : [])
      if typed.isEmpty {
        say("'\(field.label)' left as it was.")
        return
      }
      value = typed.lowercased() == "unknown" ? .unknown : .text(typed)
    } else {
      let labels = field.choices + ["Type my own answer", "Unknown"]
      let index = try choose(prompt: "Answer (1-\(labels.count)):", labels, help: [], cancellable: true)
      if index < field.choices.count {
        value = .text(field.choices[index])
      } else if index == field.choices.count {
        value = .text(try text("Your own answer", needed: true, initial: field.choices.contains(current) ? nil : current))
      } else {
        value = .unknown
      }
    }
    if send(.reportFieldSet(field: field.id, value: value)) {
      say(value == .unknown ? "'\(field.label)' marked unknown." : "'\(field.label)' filled in.")
      if case .text(let text) = value { keepInProfile(field.id, text) }
    }
  }

  /// A reporter field saved: the user's profile keeps it for the next case (said once).
  private mutating func keepInProfile(_ field: String, _ value: String) {
    guard training == nil, let store = options.reporterProfileStore,
      let updated = (reporterProfile ?? ReporterProfile()).setting(field, to: value)
    else { return }
    reporterProfile = updated
    if let why = store.save(updated) {
      say(ReporterProfileStore.notSaved(why))
    } else if !profileNoticeShown {
      profileNoticeShown = true
      say(ReporterProfileStore.savedNotice)
    }
  }

  private mutating func decideNotToReport() throws(PlainStop) {
    say("Decision not to make a report: record why. It goes in the record with the time.")
    let reason = try text("Reason", needed: true)
    if send(.reportDecided(.notReporting(reason: reason))) { say("Recorded: no report is made.") }
  }

  /// The written report was sent, at the time the counselor gives (empty: now).
  mutating func writtenReportSent() throws(PlainStop) {
    say("When was the written follow-up report sent? It cannot be in the future nor before the phone report.")
    var action: CaseAction?
    while action == nil {
      let typed = try text(PendingReport.sentAtLabel)
      guard let open = current else { return }
      switch PendingReport.sentAction(typed: typed, reference: "", session: open, now: options.now()) {
      case .success(let sent): action = sent
      case .failure(let refusal): try doesNotFit(refusal.message, why: refusal.message.asClause)
      }
    }
    let reference = try text("Reference")
    guard case .writtenReportSent(let at, _)? = action else { return }
    if send(.writtenReportSent(at: at, reference: reference.nilIfEmpty)), let open = current { say(PendingReport.sentLine(open)) }
  }
}
