/// A district's own contacts for a protocol (a `csec-guide-district/1` file): the county
/// hotline, police non-emergency, the district's liaison. Merged into the protocol's contacts
/// marked as the district's (`origin: .district`), never mistaken for the source's.
public struct DistrictContacts: Equatable, Sendable {
  public static let formatName = "csec-guide-district"
  public static let formatVersion = 1

  public var protocolID: String
  /// The district's name, as its file gives it.
  public var district: String
  public var contacts: [Contact]
  /// The file it was read from, named in the contacts' source.
  public var file: String

  public init(protocolID: String, district: String, contacts: [Contact], file: String) {
    self.protocolID = protocolID
    self.district = district
    self.contacts = contacts
    self.file = file
  }

  /// The id of the source document that district contacts name.
  public static let documentID = "district-contacts"
}

extension GuideProtocol {
  /// The protocol with a district's contacts added after its own. The caller has checked that
  /// the ids do not clash and the steps exist (the district decoder does).
  public func adding(_ district: DistrictContacts) -> GuideProtocol {
    var guide = self
    if guide.document(DistrictContacts.documentID) == nil {
      guide.documents.append(SourceDocument(
        id: DistrictContacts.documentID, title: "The district's contacts (not from the protocol's sources)",
        publisher: district.district, file: district.file,
        note: "Added by the district; the protocol's source documents do not give these contacts."))
    }
    guide.contacts += district.contacts.map { contact in
      var contact = contact
      contact.origin = .district
      return contact
    }
    return guide
  }
}
