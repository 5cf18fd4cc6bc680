import GuideEngine

/// Turns a training scenario file into a `TrainingScenario`, checking every reference against
/// the protocol it names, or into every problem the file has, located and said plainly.
public enum ScenarioDecoder {
  public struct Outcome: Sendable {
    /// Nil when the file has any problem.
    public var scenario: TrainingScenario?
    public var diagnostics: [Diagnostic]
  }

  /// `protocols` are those a scenario may walk: the built-ins and a district's own.
  public static func decode(bytes: [UInt8], file: String, protocols: [GuideProtocol]) -> Outcome {
    let problems = Problems(file: file)
    guard let root = problems.tree(of: bytes) else { return Outcome(scenario: nil, diagnostics: problems.inFileOrder) }
    var reader = ScenarioReader(problems: problems, protocols: protocols)
    let scenario = reader.read(root)
    return Outcome(scenario: problems.isEmpty ? scenario : nil, diagnostics: problems.inFileOrder)
  }

  public static func decode(_ text: String, file: String, protocols: [GuideProtocol]) -> Outcome {
    decode(bytes: Array(text.utf8), file: file, protocols: protocols)
  }
}

/// Which kind of file a YAML text is, from its `format:` line, without parsing all of it.
public enum DataFileKind: Equatable, Sendable {
  case guideProtocol
  case scenario
  /// A district's contacts for a protocol (`csec-guide-district/1`).
  case district

  public static func of(bytes: [UInt8]) -> DataFileKind {
    let marker = Array("format:".utf8)
    var lineStart = 0
    for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "\n") {
      let line = bytes[lineStart..<index]
      lineStart = index + 1
      guard line.starts(with: marker) else { continue }
      let value = String(decoding: line.dropFirst(marker.count), as: UTF8.self)
      if value.contains(DistrictContacts.formatName) { return .district }
      return value.contains(TrainingScenario.formatName) ? .scenario : .guideProtocol
    }
    return .guideProtocol
  }
}

private struct ScenarioReader {
  let problems: Problems
  let protocols: [GuideProtocol]
  var documentRefs: [(String, Mark)] = []
  /// False once an answer names a criterion or item the protocol lacks: the determination would
  /// then be a guess, so it is not checked (one problem, one message).
  var answersKnown = true
  /// Each step expectation with where it is written, checked once the new information (and so
  /// every pathway the scenario expects) is known.
  var stepMarks: [(expectation: TrainingScenario.StepExpectation, step: Mark, pathway: Mark?, accepted: Mark?)] = []

  static let topFields = [
    "format", "id", "title", "protocol", "summary", "documents", "inspired-by", "vignette", "notice",
    "expected", "new-information", "debrief",
  ]
  static let documentFields = ["id", "title", "publisher", "date", "file", "note"]

  mutating func read(_ root: YAMLNode) -> TrainingScenario? {
    guard let top = Fields(root, what: "the scenario", allowed: Self.topFields, problems: problems) else { return nil }
    guard checkFormat(top) else { return nil }
    let id = top.id()
    let title = top.text("title")
    let summary = top.text("summary")
    let vignette = top.text("vignette")
    let protocolNode = top.node("protocol", required: true)
    var guide: GuideProtocol?
    let protocolID = top.text("protocol")
    if let protocolID, let protocolNode {
      guide = protocols.first { $0.id == protocolID }
      if guide == nil {
        problems.add(protocolNode.mark, "the scenario walks the protocol '\(protocolID)', but the program knows no protocol with that id; 'csec-guide protocol list' shows them")
      }
    }

    var documents: [SourceDocument] = []
    var documentIDs = Set<String>()
    if let (items, mark) = top.list("documents", required: true) {
      if items.isEmpty { problems.add(mark, "'documents' in the scenario is empty; it needs at least one document") }
      for (index, item) in items.enumerated() {
        guard let f = Fields(item, what: "document \(index + 1) of 'documents'", allowed: Self.documentFields, problems: problems) else { continue }
        let docID = f.id()
        if let (docID, docMark) = docID, !documentIDs.insert(docID).inserted {
          problems.add(docMark, "the document id '\(docID)' is used twice; each document needs its own id")
        }
        if let document = f.sourceDocument(id: docID?.0) { documents.append(document) }
      }
    }
    let inspiredBy = top.has("inspired-by") ? sourceRef(top, key: "inspired-by") : nil
    let notice = textList(top, "notice")
    let expected = top.node("expected", required: true).flatMap { readExpected($0, guide: guide) }
    let newInformation = top.node("new-information", required: false).flatMap {
      readNewInformation($0, guide: guide, expected: expected)
    }
    if let guide, let expected {
      checkStepExpectations(guide: guide, expected: expected, newInformation: newInformation)
    }
    var debrief: [TrainingScenario.DebriefPoint] = []
    if let (items, mark) = top.list("debrief", required: true) {
      if items.isEmpty { problems.add(mark, "'debrief' in the scenario is empty; it needs at least one point") }
      for (index, item) in items.enumerated() {
        guard let f = Fields(item, what: "debrief point \(index + 1)", allowed: ["text", "source"], problems: problems) else { continue }
        let text = f.text("text")
        if let ref = source(f), let text { debrief.append(.init(text: text, source: ref)) }
      }
    }

    for (ref, mark) in documentRefs where !documentIDs.contains(ref) && !documentIDs.isEmpty {
      problems.add(mark, "the source names the document '\(ref)', but no document of the scenario has that id (documents are: \(documentIDs.sorted().joined(separator: ", ")))")
    }

    guard let (id, _) = id, let title, let summary, let vignette, let protocolID, let expected else { return nil }
    return TrainingScenario(
      id: id, title: title, protocolID: protocolID, summary: summary, documents: documents,
      inspiredBy: inspiredBy, vignette: vignette, notice: notice, expected: expected,
      newInformation: newInformation, debrief: debrief)
  }

  func checkFormat(_ top: Fields) -> Bool {
    let expected = "\(TrainingScenario.formatName)/\(TrainingScenario.formatVersion)"
    guard let node = top.node("format", required: false), case .scalar(let text, _, let mark) = node else {
      problems.add(top.mark, "the scenario has no 'format'; add 'format: \(expected)' as the first line")
      return true
    }
    let parts = text.split(separator: "/", maxSplits: 1)
    guard parts.count == 2, parts[0] == TrainingScenario.formatName, let version = Int(parts[1]), version >= 1 else {
      problems.add(mark, "'format: \(text)' is not a csec-guide scenario format; write 'format: \(expected)'")
      return true
    }
    if version > TrainingScenario.formatVersion {
      problems.add(mark, "this file is written for scenario format version \(version), but this program reads version \(TrainingScenario.formatVersion); use a newer csec-guide")
      return false
    }
    return true
  }

  mutating func source(_ f: Fields) -> SourceRef? {
    guard let (ref, mark) = f.source() else { return nil }
    documentRefs.append((ref.document, mark))
    return ref
  }

  mutating func sourceRef(_ f: Fields, key: String) -> SourceRef? {
    guard let node = f.node(key, required: false),
      let fields = Fields(node, what: "'\(key)'", allowed: ["document", "location"], problems: problems),
      let document = fields.text("document"), let location = fields.text("location")
    else { return nil }
    documentRefs.append((document, fields.entries["document"]?.value.mark ?? node.mark))
    return SourceRef(document: document, location: location)
  }

  func textList(_ f: Fields, _ key: String) -> [String] {
    guard let (items, mark) = f.list(key, required: true) else { return [] }
    if items.isEmpty { problems.add(mark, "'\(key)' in \(f.what) is empty; it needs at least one entry") }
    var result: [String] = []
    for item in items {
      guard case .scalar(let text, _, let m) = item else {
        problems.add(item.mark, "each entry of '\(key)' in \(f.what) should be text, but one is \(item.kindName)")
        continue
      }
      if let text = trimmedOrNil(text) { result.append(text) } else {
        problems.add(m, "an entry of '\(key)' in \(f.what) is empty; fill it in or remove the line")
      }
    }
    return result
  }

  func situation(_ f: Fields, _ key: String, allowNone: Bool = false) -> (Situation?, Mark)?? {
    guard let node = f.node(key, required: true), let text = f.text(key) else { return nil }
    if allowNone, text == "none" { return .some((nil, node.mark)) }
    guard let s = Fields.situation(text, at: node.mark, field: key, what: f.what, problems: problems) else { return nil }
    return .some((s, node.mark))
  }

  // MARK: - Expected

  mutating func readExpected(_ node: YAMLNode, guide: GuideProtocol?) -> TrainingScenario.Expectations? {
    guard let f = Fields(node, what: "'expected'", allowed: ["screening", "situation", "pathway", "why", "steps", "report"], problems: problems) else { return nil }
    let screening = f.node("screening", required: false).flatMap { readScreening($0, guide: guide) }
    let situationValue = situation(f, "situation", allowNone: true)
    var pathway: Situation?
    if let (situation, situationMark) = situationValue ?? nil {
      if let situation {
        if let node = f.node("pathway", required: true), let text = f.text("pathway"),
          let p = Fields.situation(text, at: node.mark, field: "pathway", what: "'expected'", problems: problems)
        {
          pathway = p
          if let guide { checkPathway(p, serves: situation, guide: guide, at: node.mark) }
        }
      } else if let node = f.node("pathway", required: false), f.text("pathway") != "none" {
        problems.add(node.mark, "'expected' has 'situation: none', so no pathway is followed: write 'pathway: none' or remove it")
      }
      if let screening, let guide, let s = guide.screening, answersKnown {
        let result = s.evaluate(screening.value.presentAnswers)
        if result.determination == .met, let leads = result.leadsTo, situation != leads {
          problems.add(situationMark, "the screening's criteria are met and lead to '\(leads.rawValue)', so 'situation' should be '\(leads.rawValue)'")
        }
        if result.determination == .notMet, situation != nil {
          problems.add(situationMark, "the screening's criteria are not met, so no pathway follows: write 'situation: none'")
        }
      }
    }
    var steps: [TrainingScenario.StepExpectation] = []
    if let (items, _) = f.list("steps", required: false) {
      for (index, item) in items.enumerated() {
        let what = "step \(index + 1) of 'steps'"
        guard let e = Fields(item, what: what, allowed: ["step", "pathway", "status", "why", "accepted-not-applicable"], problems: problems) else { continue }
        let stepNode = e.node("step", required: true)
        let step = e.text("step")
        let why = e.text("why")
        var stepPathway: Situation?
        let pathwayNode = e.node("pathway", required: false)
        if let pathwayNode, let text = e.text("pathway") {
          stepPathway = Fields.situation(text, at: pathwayNode.mark, field: "pathway", what: what, problems: problems)
          if stepPathway == nil { continue }
        }
        var mark: TrainingScenario.StepExpectation.Mark?
        if let statusNode = e.node("status", required: true), let text = e.text("status") {
          mark = .init(rawValue: text)
          if mark == nil {
            problems.add(statusNode.mark, "'\(text)' is not a step status; use done, not-applicable or addressed")
          }
        }
        let acceptedNode = e.node("accepted-not-applicable", required: false)
        let accepted = acceptedNode == nil ? [] : textList(e, "accepted-not-applicable")
        if let step, let stepNode, let mark, let why {
          let expectation = TrainingScenario.StepExpectation(
            step: step, pathway: stepPathway, mark: mark, why: why, acceptedNotApplicable: accepted)
          steps.append(expectation)
          stepMarks.append((expectation, stepNode.mark, pathwayNode?.mark, acceptedNode?.mark))
        }
      }
    }
    var report: TrainingScenario.ReportExpectation?
    if let node = f.node("report", required: false),
      let r = Fields(node, what: "'report' of 'expected'", allowed: ["decision", "why", "information-received"], problems: problems)
    {
      let why = r.text("why")
      let received = informationReceived(r, guide: guide)
      if let decisionNode = r.node("decision", required: true), let text = r.text("decision") {
        if text != "reporting" && text != "not-reporting" {
          problems.add(decisionNode.mark, "'\(text)' is not a report decision; use reporting or not-reporting")
        } else if let why {
          if text != "reporting", let receivedNode = r.node("information-received", required: false) {
            problems.add(receivedNode.mark, "'information-received' is checked only when a report is made; remove it or expect 'decision: reporting'")
          }
          report = .init(reporting: text == "reporting", why: why, informationReceived: received)
        }
      }
      if let guide, guide.mandatedReport == nil {
        problems.add(node.mark, "the protocol '\(guide.id)' has no mandated-report section, so the scenario cannot expect a report decision")
      }
    }
    guard let situationValue, let (situation, _) = situationValue else { return nil }
    // The debrief's reason for the situation check: the story's, not the situation's
    // generic description (which would only repeat the choice).
    let why = f.text("why", required: situation != nil)
    return .init(
      screening: screening?.value, situation: situation, pathway: pathway, why: why,
      steps: steps, report: report)
  }

  /// `information-received` of `report`: the story's clock time ("07:50", 24-hour) and why it
  /// matters. Only for a protocol whose written report counts from the information received.
  func informationReceived(_ r: Fields, guide: GuideProtocol?) -> TrainingScenario.InformationReceived? {
    guard let node = r.node("information-received", required: false),
      let f = Fields(node, what: "'information-received' of 'report'", allowed: ["at", "why"], problems: problems)
    else { return nil }
    let why = f.text("why")
    guard let atNode = f.node("at", required: true), let at = f.text("at") else { return nil }
    let parts = at.split(separator: ":", omittingEmptySubsequences: false)
    let valid = parts.count == 2 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
      && Int(parts[0])! < 24 && Int(parts[1])! < 60
    if !valid {
      problems.add(atNode.mark, "'\(at)' is not a clock time; write it as HH:MM, 24-hour, in quotes (\"07:50\")")
      return nil
    }
    if let guide, guide.mandatedReport?.writtenReportFrom != .informationReceived {
      problems.add(node.mark, "the protocol '\(guide.id)' does not count its written report from when the information was received, so the scenario cannot check that time")
      return nil
    }
    guard let why else { return nil }
    return .init(clock: at, why: why)
  }

  /// A step expectation names a step of a pathway the scenario expects (the first one unless it
  /// says `pathway:`, or the one followed after the new information); "not applicable" on a
  /// reporting step is right only for the reasons listed in `accepted-not-applicable`.
  func checkStepExpectations(
    guide: GuideProtocol, expected: TrainingScenario.Expectations, newInformation: TrainingScenario.NewInformation?
  ) {
    var scenario = TrainingScenario(
      id: "", title: "", protocolID: guide.id, summary: "", documents: [], vignette: "", notice: [],
      expected: expected, newInformation: newInformation, debrief: [])
    scenario.expected.steps = []
    let allowed = scenario.expectedPathways(in: guide)
    var seen = Set<String>()
    for (expectation, stepMark, pathwayMark, acceptedMark) in stepMarks {
      guard let pathwayID = expectation.pathway ?? expected.pathway else { continue }
      guard allowed.contains(pathwayID), let pathway = guide.pathway(pathwayID) else {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        problems.add(pathwayMark ?? stepMark, "the scenario does not expect the pathway '\(pathwayID.rawValue)' to be followed, so its steps cannot be checked (the expected pathways are: \(names.isEmpty ? "none" : names))")
        continue
      }
      guard let step = pathway.step(expectation.step) else {
        problems.add(stepMark, "'\(pathway.title)' has no step '\(expectation.step)' (its steps are: \(pathway.steps.map(\.id).joined(separator: ", ")))")
        continue
      }
      if !seen.insert("\(pathwayID.rawValue)/\(step.id)").inserted {
        problems.add(stepMark, "the step '\(step.id)' of '\(pathwayID.rawValue)' is listed twice")
      }
      if expectation.mark == .done, let acceptedMark {
        problems.add(acceptedMark, "the step '\(step.id)' is expected done, so no 'not applicable' reason can be accepted: remove 'accepted-not-applicable' or change the status")
      }
      if expectation.mark != .done, expectation.acceptedNotApplicable.isEmpty, guide.isReportingStep(step) {
        problems.add(stepMark, "the step '\(step.id)' involves law enforcement, child protection or the mandated report, so 'not applicable' is right only for reasons the scenario names: add 'accepted-not-applicable' with them (words the trainee's reason must contain)")
      }
    }
  }

  func checkPathway(_ pathway: Situation, serves situation: Situation, guide: GuideProtocol, at mark: Mark) {
    switch guide.coverage(of: situation) {
    case .pathway(let p) where p.id != pathway:
      problems.add(mark, "in '\(guide.id)' the pathway for '\(situation.rawValue)' is '\(p.id.rawValue)', not '\(pathway.rawValue)'")
    case .notCovered(_, let closest) where closest?.id != pathway:
      let what = closest.map { "its closest pathway is '\($0.id.rawValue)'" } ?? "it names no closest pathway"
      problems.add(mark, "'\(guide.id)' does not cover '\(situation.rawValue)' and \(what), so 'pathway' cannot be '\(pathway.rawValue)'")
    default:
      break
    }
  }

  mutating func readScreening(_ node: YAMLNode, guide: GuideProtocol?) -> (value: TrainingScenario.ScreeningExpectation, mark: Mark)? {
    guard let f = Fields(node, what: "'screening' of 'expected'", allowed: ["determination", "answers"], problems: problems) else { return nil }
    let screening = guide?.screening
    if let guide, screening == nil {
      problems.add(node.mark, "the protocol '\(guide.id)' has no screening, so the scenario cannot expect one; remove 'screening'")
    }
    var determination: ScreeningResult.Determination?
    var determinationMark = f.mark
    if let dNode = f.node("determination", required: true), let text = f.text("determination") {
      determinationMark = dNode.mark
      switch text {
      case "met": determination = .met
      case "not-met": determination = .notMet
      case "observations-recorded": determination = .observationsRecorded
      default: problems.add(dNode.mark, "'\(text)' is not a determination; use met, not-met or observations-recorded")
      }
    }
    var answers: [TrainingScenario.ExpectedAnswer] = []
    var seen = Set<String>()
    if let (items, mark) = f.list("answers", required: true) {
      if items.isEmpty { problems.add(mark, "'answers' is empty; list the items the story shows") }
      for (index, item) in items.enumerated() {
        guard let a = Fields(item, what: "answer \(index + 1)", allowed: ["criterion", "item", "present", "why"], problems: problems) else { continue }
        let criterionNode = a.node("criterion", required: true)
        let criterionID = a.text("criterion")
        let itemNode = a.node("item", required: true)
        let itemID = a.text("item")
        let present = a.bool("present")
        if !a.has("present") { problems.add(a.mark, "answer \(index + 1) has no 'present'; add 'present: true' or 'present: false'") }
        let why = a.text("why")
        if let screening, let criterionID, let criterionNode {
          if let criterion = screening.criterion(criterionID) {
            if let itemID, let itemNode, criterion.item(itemID) == nil {
              answersKnown = false
              problems.add(itemNode.mark, "\(criterion.short) has no item '\(itemID)' (its items are: \(criterion.items.map(\.id).joined(separator: ", ")))")
            }
          } else {
            answersKnown = false
            problems.add(criterionNode.mark, "the screening has no criterion '\(criterionID)' (its criteria are: \(screening.criteria.map(\.id).joined(separator: ", ")))")
          }
        }
        if let criterionID, let itemID, let itemNode, !seen.insert("\(criterionID)/\(itemID)").inserted {
          problems.add(itemNode.mark, "the item '\(itemID)' of '\(criterionID)' is listed twice")
        }
        if let criterionID, let itemID, let present, let why {
          answers.append(.init(criterion: criterionID, item: itemID, present: present, why: why))
        }
      }
    }
    guard let determination else { return nil }
    let value = TrainingScenario.ScreeningExpectation(determination: determination, answers: answers)
    if let screening, answersKnown {
      let actual = screening.evaluate(value.presentAnswers).determination
      if actual != determination {
        problems.add(determinationMark, "with the answers marked present, the protocol's rule gives '\(Self.name(actual))', not '\(Self.name(determination))'")
      }
    }
    return (value, node.mark)
  }

  static func name(_ d: ScreeningResult.Determination) -> String {
    switch d {
    case .met: return "met"
    case .notMet: return "not-met"
    case .observationsRecorded: return "observations-recorded"
    }
  }

  mutating func readNewInformation(
    _ node: YAMLNode, guide: GuideProtocol?, expected: TrainingScenario.Expectations?
  ) -> TrainingScenario.NewInformation? {
    guard let f = Fields(node, what: "'new-information'", allowed: ["after-step", "text", "escalate-to", "why"], problems: problems) else { return nil }
    let stepNode = f.node("after-step", required: true)
    let step = f.text("after-step")
    let text = f.text("text")
    let why = f.text("why")
    let target = situation(f, "escalate-to") ?? nil
    if let expected, let guide, let pathwayID = expected.pathway, let pathway = guide.pathway(pathwayID),
      let step, let stepNode, pathway.step(step) == nil
    {
      problems.add(stepNode.mark, "'\(pathway.title)' has no step '\(step)' (its steps are: \(pathway.steps.map(\.id).joined(separator: ", ")))")
    }
    if let expected, expected.situation == nil, let stepNode {
      problems.add(stepNode.mark, "new information needs a pathway to appear in, but 'expected' has 'situation: none'")
    }
    if let (to, mark) = target, let to, let from = expected?.situation, to.rank <= from.rank {
      problems.add(mark, "'\(to.rawValue)' is not more serious than '\(from.rawValue)'; a case escalates from at-risk to suspected to confirmed")
    }
    guard let step, let text, let why, let (to, _) = target, let to else { return nil }
    return .init(afterStep: step, text: text, escalateTo: to, why: why)
  }
}
