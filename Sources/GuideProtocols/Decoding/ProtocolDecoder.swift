import GuideEngine

/// Turns a protocol file's text into a `GuideProtocol`, or into every problem the file has,
/// each located and said in words a non-programmer understands.
public enum ProtocolDecoder {
  public struct Outcome: Sendable {
    /// Nil when the file has any problem.
    public var guide: GuideProtocol?
    public var diagnostics: [Diagnostic]
  }

  public static func decode(_ text: String, file: String) -> Outcome {
    decode(bytes: Array(text.utf8), file: file)
  }

  public static func decode(bytes: [UInt8], file: String) -> Outcome {
    let problems = Problems(file: file)
    guard let root = problems.tree(of: bytes) else { return Outcome(guide: nil, diagnostics: problems.inFileOrder) }
    var reader = Reader(problems: problems)
    let guide = reader.read(root)
    return Outcome(guide: problems.isEmpty ? guide : nil, diagnostics: problems.inFileOrder)
  }
}

/// The reader's working state: what ids were declared and what references wait to be checked.
private struct Reader {
  let problems: Problems
  var documentRefs: [(String, Mark)] = []
  var contactRefs: [(id: String, mark: Mark, step: String)] = []
  var legalNoteRefs: [(id: String, mark: Mark, step: String)] = []
  /// Every step that names an act: the act must be used consistently across pathways.
  var actUses: [(act: String, mark: Mark, pathway: String, step: String, mandatedReport: Bool)] = []

  init(problems: Problems) { self.problems = problems }

  static let topFields = [
    "format", "id", "title", "jurisdiction", "date", "transcription-note", "documents",
    "definitions", "legal-basis", "legal-notes", "contacts", "screening", "pathways", "not-covered",
    "mandated-report",
  ]

  mutating func read(_ root: YAMLNode) -> GuideProtocol? {
    guard let top = Fields(root, what: "the protocol", allowed: Self.topFields, problems: problems) else {
      return nil
    }
    guard checkFormat(top) else { return nil }
    let id = top.id()
    let title = top.text("title")
    let jurisdiction = top.text("jurisdiction")
    let date = top.text("date", required: false)
    let note = top.text("transcription-note", required: false)

    let documents = readList(top, "documents", required: true, nonEmpty: true, kind: "document") {
      r, fields, label in r.readDocument(fields, label)
    }
    let documentIDs = unique(documents.map { ($0.value.id, $0.mark) }, kind: "document")
      .union(declaredIDs(top, "documents"))
    let definitions = readList(top, "definitions", required: false, nonEmpty: false, kind: "definition") {
      r, fields, label in r.readDefinition(fields, label)
    }
    let legalBasis = readList(top, "legal-basis", required: false, nonEmpty: false, kind: "legal basis") {
      r, fields, label in r.readLegalBasis(fields, label)
    }
    let legalNotes = readList(top, "legal-notes", required: false, nonEmpty: false, kind: "legal note") {
      r, fields, label in r.readLegalNote(fields, label)
    }
    let legalNoteIDs = unique(legalNotes.map { ($0.value.id, $0.mark) }, kind: "legal note")
      .union(declaredIDs(top, "legal-notes"))
    let contacts = readList(top, "contacts", required: true, nonEmpty: false, kind: "contact") {
      r, fields, label in r.readContact(fields, label)
    }
    let contactIDs = unique(contacts.map { ($0.value.id, $0.mark) }, kind: "contact")
      .union(declaredIDs(top, "contacts"))
    let screening = top.node("screening", required: false).flatMap { readScreening($0) }
    let pathways = readList(top, "pathways", required: true, nonEmpty: true, kind: "pathway") {
      r, fields, label in r.readPathway(fields, label)
    }
    _ = unique(pathways.map { ($0.value.id.rawValue, $0.mark) }, kind: "pathway")
    let notCovered = readList(top, "not-covered", required: false, nonEmpty: false, kind: "not-covered entry") {
      r, fields, label in r.readNotCovered(fields, label)
    }
    let report = top.node("mandated-report", required: false).flatMap { readReport($0) }

    // Cross-references, now that every id is known.
    // With no documents at all, the one "is empty" message says it; repeating it per source
    // reference would bury it.
    for (ref, mark) in documentRefs where !documentIDs.contains(ref) && !documentIDs.isEmpty {
      problems.add(mark, "the source names the document '\(ref)', but no document has that id"
        + listing(documentIDs, "documents"))
    }
    for ref in contactRefs where !contactIDs.contains(ref.id) {
      problems.add(ref.mark, "\(ref.step) names the contact '\(ref.id)', but no contact has that id"
        + listing(contactIDs, "contacts"))
    }
    for ref in legalNoteRefs where !legalNoteIDs.contains(ref.id) {
      problems.add(ref.mark, "\(ref.step) names the legal note '\(ref.id)', but no legal note has that id"
        + listing(legalNoteIDs, "legal notes"))
    }
    checkActs()
    // A pathway that could not be read would make every coverage message a guess: report
    // coverage only when all of them were read.
    var listedPathways = 0
    if case .sequence(let items, _)? = top.entries["pathways"]?.value { listedPathways = items.count }
    if listedPathways > 0, pathways.count == listedPathways {
      checkCoverage(pathways: pathways, notCovered: notCovered, screening: screening, topMark: top.mark)
    }

    guard let (id, _) = id, let title, let jurisdiction else { return nil }
    return GuideProtocol(
      id: id, title: title, jurisdiction: jurisdiction, date: date, transcriptionNote: note,
      documents: documents.map(\.value), definitions: definitions.map(\.value),
      legalBasis: legalBasis.map(\.value), legalNotes: legalNotes.map(\.value), contacts: contacts.map(\.value),
      screening: screening?.value, pathways: pathways.map(\.value),
      notCovered: notCovered.map(\.value), mandatedReport: report)
  }

  /// True when the file says it is a protocol of a version this program reads; a newer version
  /// stops the reading so that it is never half understood.
  func checkFormat(_ top: Fields) -> Bool {
    let expected = "\(GuideProtocol.formatName)/\(GuideProtocol.formatVersion)"
    guard let node = top.node("format", required: false) else {
      if !top.has("format") {
        problems.add(top.mark, "the protocol has no 'format'; add 'format: \(expected)' as the first line")
      }
      return true
    }
    guard case .scalar(let text, _, let mark) = node else {
      problems.add(node.mark, "'format' should be '\(expected)'")
      return true
    }
    let parts = text.split(separator: "/", maxSplits: 1)
    guard parts.count == 2, parts[0] == GuideProtocol.formatName, let version = Int(parts[1]) else {
      problems.add(mark, "'format: \(text)' is not a csec-guide protocol format; write 'format: \(expected)'")
      return true
    }
    if version > GuideProtocol.formatVersion {
      problems.add(mark, "this file is written for format version \(version), but this program reads version \(GuideProtocol.formatVersion); use a newer csec-guide")
      return false
    }
    if version < 1 {
      problems.add(mark, "there is no format version \(version); write 'format: \(expected)'")
    }
    return true
  }

  // MARK: - Lists

  /// Reads each entry of a list of mappings with `read`, keeping the entry's place.
  mutating func readList<T>(
    _ fields: Fields, _ key: String, required: Bool, nonEmpty: Bool, kind: String,
    _ read: (inout Reader, Fields, String) -> T?
  ) -> [(value: T, mark: Mark)] {
    guard let (items, mark) = fields.list(key, required: required) else { return [] }
    if nonEmpty, items.isEmpty {
      problems.add(mark, "'\(key)' in \(fields.what) is empty; it needs at least one \(kind)")
    }
    var result: [(value: T, mark: Mark)] = []  // labelled as returned: no array cast
    for (index, item) in items.enumerated() {
      var label = "\(kind) \(index + 1) of '\(key)'"
      if case .mapping(let entries, _) = item,
        case .scalar(let text, _, _)? = entries.first(where: { $0.key == "id" })?.value,
        let id = trimmedOrNil(text), kind != "pathway" || Situation(rawValue: id) != nil
      {
        label = "\(kind) '\(id)'"
      }
      guard let entry = Fields(item, what: label, allowed: Self.fields[kind] ?? [], problems: problems) else {
        continue
      }
      if let value = read(&self, entry, label) { result.append((value, item.mark)) }
    }
    return result
  }

  static let fields: [String: [String]] = [
    "document": ["id", "title", "publisher", "date", "file", "note"],
    "definition": ["term", "text", "source"],
    "legal basis": ["citation", "text", "source"],
    "legal note": ["id", "citation", "text", "source"],
    "contact": ["id", "name", "phone", "role", "when", "note", "reporting-agency", "source", "transcription-note"],
    "criterion": ["id", "short", "title", "prompt", "minimum", "item-noun", "source", "items"],
    "item": ["id", "text", "short", "group", "source", "transcription-note"],
    "pathway": ["id", "title", "serves", "source", "transcription-note", "steps"],
    "step": [
      "id", "title", "detail", "who", "contact", "condition", "mandated-report", "act", "legal-notes", "deadline-only-when-reporting",
      "source", "transcription-note",
    ],
    "not-covered entry": ["situation", "closest", "explanation"],
    "report field": ["id", "label", "needed", "choices", "multiline", "source"],
  ]

  /// Reports ids used twice and returns the set of ids. `scope` names where they must be
  /// unique when that is narrower than the file ("pathway 'at-risk'").
  func unique(_ ids: [(String, Mark)], kind: String, scope: (name: String, generic: String)? = nil) -> Set<String> {
    var seen: [String: Mark] = [:]
    for (id, mark) in ids {
      if let first = seen[id] {
        if let scope {
          problems.add(mark, "the \(kind) id '\(id)' is used twice in \(scope.name) (first at line \(first.line)); each \(kind) of \(scope.generic) needs its own id")
        } else {
          problems.add(mark, "the \(kind) id '\(id)' is used twice (first at line \(first.line)); each \(kind) needs its own id")
        }
      } else {
        seen[id] = mark
      }
    }
    return Set(seen.keys)
  }

  /// The ids written in a list's entries, even in entries that have other problems, so that a
  /// broken contact does not also make every step that names it look wrong.
  func declaredIDs(_ fields: Fields, _ key: String) -> Set<String> {
    guard case .sequence(let items, _)? = fields.entries[key]?.value else { return [] }
    var ids = Set<String>()
    for item in items {
      if case .mapping(let entries, _) = item,
        case .scalar(let text, _, _)? = entries.first(where: { $0.key == "id" })?.value,
        let id = trimmedOrNil(text)
      {
        ids.insert(id)
      }
    }
    return ids
  }

  func listing(_ ids: Set<String>, _ what: String) -> String {
    ids.isEmpty ? " (the file has no \(what))" : " (\(what) are: \(ids.sorted().joined(separator: ", ")))"
  }

  mutating func source(_ fields: Fields, required: Bool = true) -> SourceRef? {
    guard let (ref, mark) = fields.source(required: required) else { return nil }
    documentRefs.append((ref.document, mark))
    return ref
  }

  // MARK: - Entries

  mutating func readDocument(_ f: Fields, _ label: String) -> SourceDocument? {
    f.sourceDocument(id: f.id()?.0)
  }

  mutating func readDefinition(_ f: Fields, _ label: String) -> Definition? {
    let term = f.text("term")
    let text = f.text("text")
    let source = source(f)
    guard let term, let text, let source else { return nil }
    return Definition(term: term, text: text, source: source)
  }

  mutating func readLegalBasis(_ f: Fields, _ label: String) -> LegalBasis? {
    let citation = f.text("citation")
    let text = f.text("text")
    let source = source(f)
    guard let citation, let text, let source else { return nil }
    return LegalBasis(citation: citation, text: text, source: source)
  }

  mutating func readLegalNote(_ f: Fields, _ label: String) -> LegalNote? {
    let id = f.id()
    let citation = f.text("citation")
    let text = f.text("text")
    let source = source(f)
    guard let (id, _) = id, let citation, let text, let source else { return nil }
    return LegalNote(id: id, citation: citation, text: text, source: source)
  }

  mutating func readContact(_ f: Fields, _ label: String) -> Contact? {
    let id = f.id()
    let name = f.text("name")
    let phone = f.text("phone", required: false)
    let role = f.text("role", required: false)
    let when = f.text("when")
    let note = f.text("note", required: false)
    let reportingAgency = f.bool("reporting-agency") ?? false
    let transcription = f.text("transcription-note", required: false)
    let source = source(f)
    if let phone, !phone.unicodeScalars.contains(where: { ("0"..."9").contains($0) }),
      let node = f.node("phone", required: false)
    {
      problems.add(node.mark, "the phone number '\(phone)' of \(id.map { "contact '\($0.0)'" } ?? label) has no digits; leave 'phone' out when the source gives no number, and say so in 'note'")
    }
    guard let (id, _) = id, let name, let when, let source else { return nil }
    return Contact(
      id: id, name: name, phone: phone, role: role, when: when, note: note, source: source,
      reportingAgency: reportingAgency, transcriptionNote: transcription)
  }

  mutating func readScreening(_ node: YAMLNode) -> (value: Screening, mark: Mark)? {
    guard let f = Fields(node, what: "the screening", allowed: ["title", "rule", "leads-to", "note", "criteria"], problems: problems)
    else { return nil }
    let title = f.text("title")
    var rule = Screening.Rule.anyCriterion
    if let text = f.text("rule", required: false) {
      if let parsed = Screening.Rule(rawValue: text) {
        rule = parsed
      } else if let node = f.node("rule", required: false) {
        problems.add(node.mark, "'rule: \(text)' in the screening is not known; use 'any-criterion' or 'all-criteria'")
      }
    }
    var leadsTo: Situation?
    var leadsToMark = f.mark
    if let text = f.text("leads-to", required: false), let node = f.node("leads-to", required: false) {
      leadsTo = Fields.situation(text, at: node.mark, field: "leads-to", what: "the screening", problems: problems)
      leadsToMark = node.mark
    }
    let note = f.text("note", required: false)
    var criteria: [Criterion] = []
    if let (items, mark) = f.list("criteria", required: true) {
      if items.isEmpty { problems.add(mark, "'criteria' in the screening is empty; it needs at least one criterion") }
      var ids: [(String, Mark)] = []
      for (index, item) in items.enumerated() {
        if let criterion = readCriterion(item, index: index) {
          criteria.append(criterion)
          ids.append((criterion.id, item.mark))
        }
      }
      _ = unique(ids, kind: "criterion")
    }
    if criteria.contains(where: { $0.minimum != nil }), leadsTo == nil, !f.has("leads-to") {
      problems.add(f.mark, "the screening has a criterion with a minimum but no 'leads-to'; add 'leads-to: at-risk' (the pathway a met concern leads to)")
    }
    guard let title else { return nil }
    return (Screening(title: title, rule: rule, leadsTo: leadsTo, note: note, criteria: criteria), leadsToMark)
  }

  mutating func readCriterion(_ node: YAMLNode, index: Int) -> Criterion? {
    var label = "criterion \(index + 1) of the screening"
    if case .mapping(let entries, _) = node,
      case .scalar(let text, _, _)? = entries.first(where: { $0.key == "id" })?.value, let id = trimmedOrNil(text)
    {
      label = "criterion '\(id)'"
    }
    guard let f = Fields(node, what: label, allowed: Self.fields["criterion"] ?? [], problems: problems) else {
      return nil
    }
    let id = f.id()
    let short = f.text("short")
    let title = f.text("title")
    let prompt = f.text("prompt", required: false)
    let minimum = f.int("minimum")
    let itemNoun = f.text("item-noun", required: false) ?? "items"
    let source = source(f)
    var items: [ScreeningItem] = []
    var listed: Int?
    if let (nodes, mark) = f.list("items", required: true) {
      listed = nodes.count
      if nodes.isEmpty { problems.add(mark, "'items' of \(label) is empty; it needs at least one item") }
      var ids: [(String, Mark)] = []
      for (i, itemNode) in nodes.enumerated() {
        let itemLabel = "item \(i + 1) of \(label)"
        guard let itemFields = Fields(itemNode, what: itemLabel, allowed: Self.fields["item"] ?? [], problems: problems) else {
          continue
        }
        let itemID = itemFields.id()
        let text = itemFields.text("text")
        let itemShort = itemFields.text("short")
        let group = itemFields.text("group", required: false)
        let itemSource = self.source(itemFields, required: false)
        let note = itemFields.text("transcription-note", required: false)
        if let (itemID, _) = itemID, let text, let itemShort {
          items.append(ScreeningItem(id: itemID, text: text, short: itemShort, group: group, source: itemSource, transcriptionNote: note))
          ids.append((itemID, itemNode.mark))
        }
      }
      _ = unique(ids, kind: "item", scope: ("\(id.map { "criterion '\($0.0)'" } ?? label)", "a criterion"))
    }
    if let minimum, let node = f.node("minimum", required: false) {
      if minimum < 1 {
        problems.add(node.mark, "the minimum of \(label) is \(minimum); it must be at least 1 (leave 'minimum' out for an observation checklist with no threshold)")
      } else if let listed, minimum > listed {
        problems.add(node.mark, "the minimum of \(label) is \(minimum), but it lists only \(listed) item\(listed == 1 ? "" : "s"); the minimum cannot be larger than the list")
      }
    }
    guard let (id, _) = id, let short, let title, let source else { return nil }
    return Criterion(id: id, short: short, title: title, prompt: prompt, minimum: minimum, itemNoun: itemNoun, source: source, items: items)
  }

  mutating func readPathway(_ f: Fields, _ label: String) -> Pathway? {
    var situation: Situation?
    if let text = f.text("id"), let node = f.node("id", required: false) {
      situation = Fields.situation(text, at: node.mark, field: "id", what: label, problems: problems)
    }
    let name = situation.map { "pathway '\($0.rawValue)'" } ?? label
    let title = f.text("title")
    let serves = f.situations("serves")
    if let serves, serves.isEmpty, let node = f.node("serves", required: false) {
      problems.add(node.mark, "'serves' of \(name) is empty; leave it out to mean the pathway's own id")
    }
    let source = source(f)
    let note = f.text("transcription-note", required: false)
    var steps: [Step] = []
    if let (nodes, mark) = f.list("steps", required: true) {
      if nodes.isEmpty { problems.add(mark, "\(name) has no steps; a pathway needs at least one step") }
      var ids: [(String, Mark)] = []
      for (index, node) in nodes.enumerated() {
        let stepLabel = "step \(index + 1) of \(name)"
        guard let sf = Fields(node, what: stepLabel, allowed: Self.fields["step"] ?? [], problems: problems) else {
          continue
        }
        if let step = readStep(sf, stepLabel, pathway: name) {
          steps.append(step)
          ids.append((step.id, node.mark))
        }
      }
      _ = unique(ids, kind: "step", scope: (name, "a pathway"))
    }
    guard let situation, let title, let source else { return nil }
    return Pathway(
      id: situation, title: title, serves: (serves?.isEmpty ?? true) ? nil : serves, source: source,
      transcriptionNote: note, steps: steps)
  }

  mutating func readStep(_ f: Fields, _ label: String, pathway: String) -> Step? {
    let id = f.id()
    let name = id.map { "step '\($0.0)' of \(pathway)" } ?? label
    let title = f.text("title")
    let detail = f.text("detail")
    let who = f.text("who", required: false)
    let contact = f.text("contact", required: false)
    if let contact, let node = f.node("contact", required: false) {
      contactRefs.append((contact, node.mark, name))
    }
    let condition = f.text("condition", required: false)
    let mandated = f.bool("mandated-report") ?? false
    let onlyWhenReporting = f.bool("deadline-only-when-reporting") ?? false
    if onlyWhenReporting, !mandated, let node = f.node("deadline-only-when-reporting", required: false) {
      problems.add(node.mark, "'deadline-only-when-reporting' in \(name) applies only to a step with 'mandated-report: true'")
    }
    var act: String?
    if let node = f.node("act", required: false), let value = f.text("act") {
      if Fields.isID(value) {
        act = value
        actUses.append((value, node.mark, pathway, name, mandated))
      } else {
        problems.add(node.mark, "'\(value)' is not a valid act in \(name): use lowercase letters, digits and dashes, starting with a letter (like 'child-welfare-report')")
      }
    }
    var legalNotes: [String] = []
    if let (nodes, _) = f.list("legal-notes", required: false) {
      for node in nodes {
        if case .scalar(let text, _, _) = node, let value = trimmedOrNil(text), Fields.isID(value) {
          legalNotes.append(value)
          legalNoteRefs.append((value, node.mark, name))
        } else {
          problems.add(node.mark, "each entry of 'legal-notes' in \(name) should be the id of a legal note, like 'pc-11165-1'")
        }
      }
    }
    let source = source(f)
    let note = f.text("transcription-note", required: false)
    guard let (id, _) = id, let title, let detail, let source else { return nil }
    var step = Step(
      id: id, title: title, detail: detail, who: who, contact: contact, condition: condition,
      mandatedReport: mandated, act: act, legalNotes: legalNotes, source: source, transcriptionNote: note)
    step.deadlineOnlyWhenReporting = onlyWhenReporting
    return step
  }

  var closestRefs: [(Situation, Mark, String)] = []

  mutating func readNotCovered(_ f: Fields, _ label: String) -> NotCovered? {
    var situation: Situation?
    if let text = f.text("situation"), let node = f.node("situation", required: false) {
      situation = Fields.situation(text, at: node.mark, field: "situation", what: label, problems: problems)
    }
    var closest: Situation?
    if let text = f.text("closest", required: false), let node = f.node("closest", required: false) {
      closest = Fields.situation(text, at: node.mark, field: "closest", what: label, problems: problems)
      if let closest { closestRefs.append((closest, node.mark, label)) }
    }
    let explanation = f.text("explanation")
    guard let situation, let explanation else { return nil }
    return NotCovered(situation: situation, closest: closest, explanation: explanation)
  }

  mutating func readReport(_ node: YAMLNode) -> MandatedReport? {
    let allowed = [
      "law", "phone-report", "written-report-hours", "written-report-from", "written-report",
      "agencies", "confidentiality", "note", "source", "fields",
    ]
    guard let f = Fields(node, what: "the mandated report", allowed: allowed, problems: problems) else {
      return nil
    }
    let law = f.text("law")
    let phone = f.text("phone-report")
    let hours = f.int("written-report-hours")
    if let hours, hours < 1, let n = f.node("written-report-hours", required: false) {
      problems.add(n.mark, "'written-report-hours' must be a number of hours of at least 1")
    }
    var from: MandatedReport.DeadlineBasis?
    if let value = f.text("written-report-from", required: false), let n = f.node("written-report-from", required: false) {
      from = MandatedReport.DeadlineBasis(rawValue: value)
      if from == nil {
        let known = MandatedReport.DeadlineBasis.allCases.map { "'\($0.rawValue)'" }.joined(separator: " or ")
        problems.add(n.mark, "'written-report-from: \(value)' is not known; the written report's hours count from \(known) (when the staff member learned of or observed what gives rise to the suspicion)")
      }
    }
    if hours != nil, !f.has("written-report-from") {
      problems.add(f.mark, "the mandated report has 'written-report-hours' but no 'written-report-from'; add 'written-report-from: information-received' (the hours count from when the information was received)")
    }
    if from != nil, hours == nil, !f.has("written-report-hours"), let n = f.node("written-report-from", required: false) {
      problems.add(n.mark, "'written-report-from' needs 'written-report-hours', the number of hours the written report is due in")
    }
    let written = f.text("written-report", required: false)
    let agencies = f.text("agencies", required: false)
    let confidentiality = f.text("confidentiality", required: false)
    let note = f.text("note", required: false)
    let source = source(f)
    let fields = readList(f, "fields", required: true, nonEmpty: true, kind: "report field") {
      r, ff, label in r.readReportField(ff, label)
    }
    _ = unique(fields.map { ($0.value.id, $0.mark) }, kind: "report field")
    guard let law, let phone, let source else { return nil }
    return MandatedReport(
      law: law, phoneReport: phone, writtenReportHours: hours.flatMap { $0 >= 1 ? $0 : nil },
      writtenReportFrom: from, writtenReport: written, agencies: agencies, confidentiality: confidentiality, note: note,
      source: source, fields: fields.map(\.value))
  }

  mutating func readReportField(_ f: Fields, _ label: String) -> ReportField? {
    let id = f.id()
    let text = f.text("label")
    var needed: ReportField.Need?
    if let value = f.text("needed"), let node = f.node("needed", required: false) {
      needed = ReportField.Need(rawValue: value)
      if needed == nil {
        problems.add(node.mark, "'needed: \(value)' in \(label) is not known; use 'always' or 'if-known'")
      }
    }
    var choices: [String] = []
    if let (nodes, _) = f.list("choices", required: false) {
      for node in nodes {
        if case .scalar(let text, _, _) = node, let value = trimmedOrNil(text) {
          choices.append(value)
        } else {
          problems.add(node.mark, "each choice of \(label) should be a short text")
        }
      }
    }
    let multiline = f.bool("multiline") ?? false
    let source = source(f)
    guard let (id, _) = id, let text, let needed, let source else { return nil }
    return ReportField(id: id, label: text, needed: needed, choices: choices, multiline: multiline, source: source)
  }

  // MARK: - Acts

  /// Steps that share an act are the same act in different pathways: at most one per pathway,
  /// all of them mandated reports or none, and an act named by one step only is a mistake.
  func checkActs() {
    var byAct: [String: [(mark: Mark, pathway: String, step: String, mandatedReport: Bool)]] = [:]
    var order: [String] = []
    for use in actUses {
      if byAct[use.act] == nil { order.append(use.act) }
      byAct[use.act, default: []].append((use.mark, use.pathway, use.step, use.mandatedReport))
    }
    for act in order {
      let uses = byAct[act] ?? []
      if uses.count == 1, let only = uses.first {
        problems.add(only.mark, "the act '\(act)' is named only by \(only.step); an act names the same act in several pathways, so name it on each of them or remove it")
        continue
      }
      var seen: [String: Mark] = [:]
      for use in uses {
        if let first = seen[use.pathway] {
          problems.add(use.mark, "the act '\(act)' is named twice in \(use.pathway) (first at line \(first.line)); a pathway does an act once")
        } else {
          seen[use.pathway] = use.mark
        }
      }
      if let first = uses.first, let other = uses.first(where: { $0.mandatedReport != first.mandatedReport }) {
        problems.add(other.mark, "the act '\(act)' is a mandated report on \(first.mandatedReport ? first.step : other.step) but not on \(first.mandatedReport ? other.step : first.step); steps that are the same act agree on 'mandated-report'")
      }
    }
  }

  // MARK: - Coverage

  /// Every situation is served by exactly one pathway or listed once as not covered; `closest`
  /// and `leads-to` name pathways of this file.
  func checkCoverage(
    pathways: [(value: Pathway, mark: Mark)], notCovered: [(value: NotCovered, mark: Mark)],
    screening: (value: Screening, mark: Mark)?, topMark: Mark
  ) {
    // Kept by the situation's place in Situation.allCases (there are four), not in dictionaries:
    // a dictionary keyed by Situation makes the runtime look up its Hashable conformance among
    // the binary's thousands, 0.3 M instructions before the screening's first frame
    // (docs/performance.md).
    let all = Situation.allCases
    func slot(_ situation: Situation) -> Int { all.firstIndex(of: situation) ?? 0 }
    var servedBy = [(Situation, Mark)?](repeating: nil, count: all.count)
    for (pathway, mark) in pathways {
      for situation in pathway.serves {
        if let (other, otherMark) = servedBy[slot(situation)], other != pathway.id {
          problems.add(mark, "the situation '\(situation.rawValue)' is served by two pathways, '\(other.rawValue)' (line \(otherMark.line)) and '\(pathway.id.rawValue)'; only one pathway may serve a situation")
        } else {
          servedBy[slot(situation)] = (pathway.id, mark)
        }
      }
    }
    var listed = [Mark?](repeating: nil, count: all.count)
    for (entry, mark) in notCovered {
      if let served = servedBy[slot(entry.situation)] {
        problems.add(mark, "'\(entry.situation.rawValue)' is listed under 'not-covered', but pathway '\(served.0.rawValue)' serves it; remove one of the two")
      }
      if let first = listed[slot(entry.situation)] {
        problems.add(mark, "'\(entry.situation.rawValue)' is listed under 'not-covered' twice (first at line \(first.line))")
      }
      listed[slot(entry.situation)] = mark
    }
    let pathwayIDs = pathways.map(\.value.id)
    for (closest, mark, label) in closestRefs where !pathwayIDs.contains(closest) {
      problems.add(mark, "'closest: \(closest.rawValue)' in \(label) names a pathway this protocol does not have" + listing(Set(pathwayIDs.map(\.rawValue)), "pathways"))
    }
    if let (screening, mark) = screening, let target = screening.leadsTo,
      servedBy[slot(target)] == nil, !pathwayIDs.contains(target)
    {
      let served = all.filter { servedBy[slot($0)] != nil }.sorted().map(\.rawValue).joined(separator: ", ")
      problems.add(mark, "the screening leads to '\(target.rawValue)', but no pathway of this protocol serves it (pathways serve: \(served))")
    }
    guard !pathways.isEmpty else { return }
    let missing = all.filter { servedBy[slot($0)] == nil && listed[slot($0)] == nil }
    if !missing.isEmpty {
      let names = missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")
      problems.add(topMark, "the protocol says nothing about \(names): add a pathway that serves \(missing.count == 1 ? "it" : "them") or list \(missing.count == 1 ? "it" : "them") under 'not-covered' with an explanation")
    }
  }
}
