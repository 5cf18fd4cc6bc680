import Foundation  // tests only: JSONSerialization reads the JSON output
import GuideEngine
@testable import GuideProtocols
import Testing

/// The mandated report's rules as protocol data (issue 12): the deadline basis, the agencies
/// that receive reports, the same act in several pathways.
@Suite struct MandatedReportDataTests {
  static let report = """
    documents:
      - {id: doc, title: The document, publisher: Test Office}
      - {id: law, title: The law, publisher: State}
    mandated-report:
      law: A law
      phone-report: By phone.
      written-report-hours: 36
      written-report-from: information-received
      source: {document: law, location: s1}
      fields:
        - {id: name, label: Name, needed: always, source: {document: law, location: s1}}
    """

  func decode(_ text: String) -> ProtocolDecoder.Outcome {
    let base = DecoderTests.base.replacingOccurrences(
      of: "documents:\n  - {id: doc, title: The document, publisher: Test Office}\n", with: "")
    return ProtocolDecoder.decode(base + text, file: "t.yaml")
  }

  @Test func theWrittenReportCountsFromTheInformationReceived() throws {
    let outcome = decode(Self.report)
    #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
    #expect(outcome.guide?.mandatedReport?.writtenReportFrom == .informationReceived)
    #expect(outcome.guide?.mandatedReport?.writtenReportHours == 36)
  }

  @Test func anotherBasisIsRefusedWithItsPlace() {
    let outcome = decode(Self.report.replacingOccurrences(of: "from: information-received", with: "from: phone-report"))
    #expect(outcome.guide == nil)
    #expect(outcome.diagnostics.map(\.description) == [
      "t.yaml:24:24: 'written-report-from: phone-report' is not known; the written report's hours count from 'information-received' (when the staff member learned of or observed what gives rise to the suspicion)"
    ])
    let missing = decode(Self.report.replacingOccurrences(of: "  written-report-from: information-received\n", with: ""))
    #expect(missing.guide == nil)
    #expect(missing.diagnostics.first?.description.contains(": the mandated report has 'written-report-hours' but no 'written-report-from'") == true, "\(missing.diagnostics)")
  }

  @Test func anActMustBeTheSameActInSeveralPathways() {
    // Named by one step only.
    let once = ProtocolDecoder.decode(
      DecoderTests.base.replacingOccurrences(of: "contact: cps,", with: "contact: cps, act: report-cps,"), file: "t.yaml")
    #expect(once.guide == nil)
    #expect(once.diagnostics.map(\.message) == [
      "the act 'report-cps' is named only by step 'report' of pathway 'at-risk'; an act names the same act in several pathways, so name it on each of them or remove it"
    ])
    // Twice in one pathway, and once a report and once not.
    let twice = ProtocolDecoder.decode(DecoderTests.base.replacingOccurrences(
      of: "      - {id: report, title: Report, detail: Report to CPS., contact: cps, source: {document: doc, location: p1}}\n",
      with: """
              - {id: report, title: Report, detail: Report to CPS., contact: cps, act: report-cps, mandated-report: true, source: {document: doc, location: p1}}
              - {id: again, title: Again, detail: Report again., act: report-cps, source: {document: doc, location: p1}}

        """), file: "t.yaml")
    #expect(twice.guide == nil)
    #expect(twice.diagnostics.map(\.message).contains {
      $0.hasPrefix("the act 'report-cps' is named twice in pathway 'at-risk'")
    })
    #expect(twice.diagnostics.map(\.message).contains {
      $0.hasPrefix("the act 'report-cps' is a mandated report on step 'report' of pathway 'at-risk' but not on step 'again'")
    })
  }

  @Test func aLegalNoteNamedByAStepMustExist() {
    let outcome = ProtocolDecoder.decode(
      DecoderTests.base.replacingOccurrences(of: "contact: cps,", with: "contact: cps, legal-notes: [pc-1],"), file: "t.yaml")
    #expect(outcome.guide == nil)
    #expect(outcome.diagnostics.map(\.message) == [
      "step 'report' of pathway 'at-risk' names the legal note 'pc-1', but no legal note has that id (the file has no legal notes)"
    ])
  }

  @Test func protocolShowJSONCarriesTheRuleAndTheAgencies() throws {
    let json = try decodeBuiltin("san-mateo").json.rendered()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let report = try #require(object["mandated_report"] as? [String: Any])
    #expect(report["written_report_hours"] as? Int == 36)
    #expect(report["written_report_from"] as? String == "information-received")
    let contacts = try #require(object["contacts"] as? [[String: Any]])
    let agencies = contacts.filter { $0["reporting_agency"] as? Bool == true }.compactMap { $0["id"] as? String }
    #expect(agencies == ["local-law-enforcement", "child-welfare-services"])
    #expect(contacts.allSatisfy { $0["origin"] as? String == "source" })
    let us = try #require(try JSONSerialization.jsonObject(with: Data(try decodeBuiltin("us-ed-sample").json.rendered().utf8)) as? [String: Any])
    #expect(us["mandated_report"] is NSNull, "no California report block")
  }

  @Test func reportingAgenciesAreTheLawsAndNoOthers() throws {
    let expected: [String: [String]] = [
      "san-mateo": ["local-law-enforcement", "child-welfare-services"],
      "orange-county": ["county-cps", "law-enforcement"],
      "sro-model": ["child-welfare-services"],
      "us-ed-sample": [],
    ]
    for (id, agencies) in expected {
      let guide = try decodeBuiltin(id)
      #expect(guide.contacts.filter(\.reportingAgency).map(\.id) == agencies, "\(id)")
      for contact in guide.contacts where contact.reportingAgency {
        let words = (contact.name + " " + (contact.role ?? "")).lowercased()
        #expect(!words.contains("school police") && !words.contains("advocate") && !words.contains("resource officer"), "\(id) \(contact.id)")
      }
    }
  }

  @Test func theSameReportIsOneActAcrossPathways() throws {
    let acts: [String: [Situation: String]] = [
      "san-mateo": [.atRisk: "child-welfare-report", .suspectedVictim: "child-welfare-report", .confirmedVictim: "child-welfare-report"],
      "orange-county": [.atRisk: "report-to-cps", .suspectedRecruitment: "report-to-cps"],
      "sro-model": [.suspectedVictim: "child-welfare-report", .confirmedVictim: "child-welfare-report"],
    ]
    for (id, steps) in acts {
      let guide = try decodeBuiltin(id)
      let named = Set(steps.compactMap { guide.pathway($0.key)?.step($0.value)?.act })
      #expect(named.count == 1, "\(id): \(named)")
      for pathway in guide.pathways {
        for step in pathway.steps where step.act != nil { #expect(step.mandatedReport, "\(id) \(step.id)") }
      }
    }
  }
}
