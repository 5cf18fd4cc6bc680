/// The mandated reporter's own details, saved once per user outside any case and offered as
/// the default of each case's report fields (editable there): PC 11167(a) asks for them in
/// every report.
public struct ReporterProfile: Equatable, Sendable {
  public var name: String?
  public var businessAddress: String?
  public var phone: String?
  /// The capacity that makes the person a mandated reporter (PC 11165.7), e.g. "Certificated
  /// pupil personnel employee (counselor)".
  public var capacity: String?

  public init(name: String? = nil, businessAddress: String? = nil, phone: String? = nil, capacity: String? = nil) {
    self.name = name
    self.businessAddress = businessAddress
    self.phone = phone
    self.capacity = capacity
  }

  /// The report field each detail fills, by the field ids the California protocols use.
  public static let fieldIDs = ["reporter-name", "reporter-business-address", "reporter-phone", "reporter-capacity"]

  /// Each detail with the report field it fills.
  public var fieldValues: [(id: String, value: String?)] {
    zip(Self.fieldIDs, [name, businessAddress, phone, capacity]).map { ($0, $1) }
  }

  public var isEmpty: Bool { fieldValues.allSatisfy { trimmedOrNil($0.value) == nil } }

  /// Default values for the protocol's report fields: only fields the protocol has, only
  /// details the profile holds, and never one the case already has (typed or marked unknown).
  public func defaultReportFields(for guide: GuideProtocol, state: CaseState = CaseState()) -> [(field: String, value: String)] {
    guard let report = guide.mandatedReport else { return [] }
    return fieldValues.compactMap { entry in
      guard report.fields.contains(where: { $0.id == entry.id }), state.reportFields[entry.id] == nil,
        let value = trimmedOrNil(entry.value)
      else { return nil }
      return (entry.id, value)
    }
  }

  /// The events that fill those defaults in a case.
  public func defaultActions(for guide: GuideProtocol, state: CaseState = CaseState()) -> [CaseAction] {
    defaultReportFields(for: guide, state: state).map { .reportFieldSet(field: $0.field, value: .text($0.value)) }
  }
}
