import GuideEngine

/// Reads a district's contacts file (`format: csec-guide-district/1`), checking it against the
/// protocol it adds to, or reports every problem, located as FILE:LINE:COLUMN.
public enum DistrictDecoder {
  public struct Outcome: Sendable {
    /// Nil when the file has any problem.
    public var district: DistrictContacts?
    public var diagnostics: [Diagnostic]
  }

  /// `protocols` are those the file may add to: the built-ins and a district's own.
  public static func decode(bytes: [UInt8], file: String, protocols: [GuideProtocol]) -> Outcome {
    let problems = Problems(file: file)
    // The same start as protocols and scenarios: control, bidi and zero-width characters are
    // refused here too (district files had no such check).
    guard let root = problems.tree(of: bytes) else { return Outcome(district: nil, diagnostics: problems.inFileOrder) }
    let district = read(root, file: file, protocols: protocols, problems: problems)
    return Outcome(district: problems.isEmpty ? district : nil, diagnostics: problems.inFileOrder)
  }

  public static func decode(_ text: String, file: String, protocols: [GuideProtocol]) -> Outcome {
    decode(bytes: Array(text.utf8), file: file, protocols: protocols)
  }

  static let topFields = ["format", "protocol", "district", "contacts"]
  static let contactFields = ["id", "name", "phone", "role", "when", "note", "reporting-agency", "adds-to-steps"]

  private static func read(
    _ root: YAMLNode, file: String, protocols: [GuideProtocol], problems: Problems
  ) -> DistrictContacts? {
    guard let top = Fields(root, what: "the district file", allowed: topFields, problems: problems) else { return nil }
    let expected = "\(DistrictContacts.formatName)/\(DistrictContacts.formatVersion)"
    if let node = top.node("format", required: false), case .scalar(let text, _, let mark) = node {
      let parts = text.split(separator: "/", maxSplits: 1)
      if parts.count != 2 || parts[0] != DistrictContacts.formatName || Int(parts[1]) == nil {
        problems.add(mark, "'format: \(text)' is not a csec-guide district format; write 'format: \(expected)'")
      } else if let version = Int(parts[1]), version > DistrictContacts.formatVersion {
        problems.add(mark, "this file is written for district format version \(version), but this program reads version \(DistrictContacts.formatVersion); use a newer csec-guide")
        return nil
      }
    } else {
      problems.add(top.mark, "the district file has no 'format'; add 'format: \(expected)' as the first line")
    }
    let district = top.text("district")
    var guide: GuideProtocol?
    let protocolID = top.text("protocol")
    if let protocolID, let node = top.node("protocol", required: false) {
      guide = protocols.first { $0.id == protocolID }
      if guide == nil {
        problems.add(node.mark, "the district file adds to the protocol '\(protocolID)', but the program knows no protocol with that id; 'csec-guide protocol list' shows them")
      }
    }
    var contacts: [Contact] = []
    var seen: [String: Mark] = [:]
    if let (items, mark) = top.list("contacts", required: true) {
      if items.isEmpty { problems.add(mark, "'contacts' in the district file is empty; it needs at least one contact") }
      for (index, item) in items.enumerated() {
        guard let f = Fields(item, what: "contact \(index + 1) of 'contacts'", allowed: contactFields, problems: problems)
        else { continue }
        let id = f.id()
        let label = id.map { "contact '\($0.0)'" } ?? "contact \(index + 1) of 'contacts'"
        let name = f.text("name")
        let phone = f.text("phone", required: false)
        if let phone, !phone.unicodeScalars.contains(where: { ("0"..."9").contains($0) }), let node = f.node("phone", required: false) {
          problems.add(node.mark, "the phone number '\(phone)' of \(label) has no digits")
        }
        let role = f.text("role", required: false)
        let when = f.text("when", required: false) ?? "Added by the district."
        let note = f.text("note", required: false)
        let reporting = f.bool("reporting-agency") ?? false
        var steps: [String] = []
        if let (nodes, _) = f.list("adds-to-steps", required: false) {
          for node in nodes {
            guard case .scalar(let text, _, let stepMark) = node, let stepID = trimmedOrNil(text) else {
              problems.add(node.mark, "each entry of 'adds-to-steps' of \(label) should be a step id, like 'child-welfare-report'")
              continue
            }
            if let guide, !guide.pathways.contains(where: { $0.step(stepID) != nil }) {
              let known = Set(guide.pathways.flatMap { $0.steps.map(\.id) }).sorted().joined(separator: ", ")
              problems.add(stepMark, "\(label) adds to the step '\(stepID)', but no pathway of '\(guide.id)' has that step (steps are: \(known))")
            }
            steps.append(stepID)
          }
        }
        if let (contactID, idMark) = id {
          if let first = seen[contactID] {
            problems.add(idMark, "the contact id '\(contactID)' is used twice (first at line \(first.line)); each contact needs its own id")
          } else if let guide, guide.contact(contactID) != nil {
            problems.add(idMark, "the protocol '\(guide.id)' already has a contact '\(contactID)'; a district's contact needs its own id (the protocol's contacts come from its sources and are not replaced)")
          }
          seen[contactID] = idMark
        }
        guard let (contactID, _) = id, let name else { continue }
        contacts.append(Contact(
          id: contactID, name: name, phone: phone, role: role, when: when, note: note,
          source: SourceRef(document: DistrictContacts.documentID, location: file),
          reportingAgency: reporting, origin: .district, addsToSteps: steps))
      }
    }
    guard let protocolID, let district else { return nil }
    return DistrictContacts(protocolID: protocolID, district: district, contacts: contacts, file: file)
  }
}
