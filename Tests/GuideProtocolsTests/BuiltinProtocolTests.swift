import Foundation  // tests only: reading Resources/ and the source documents
import GuideEngine
@testable import GuideProtocols
import Testing

/// The package's root folder, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

func decodeBuiltin(_ id: String) throws -> GuideProtocol {
  let outcome = try #require(BuiltinProtocols.decode("\(id).yaml"))
  #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
  return try #require(outcome.guide)
}

@Suite struct BuiltinProtocolTests {
  @Test func everyBuiltinProtocolIsValid() throws {
    #expect(BuiltinProtocols.files.map(\.name).sorted() == BuiltinProtocols.ids.map { "\($0).yaml" }.sorted())
    for id in BuiltinProtocols.ids {
      let guide = try decodeBuiltin(id)
      #expect(guide.id == id)
    }
  }

  /// The embedded copies are byte for byte the files in Resources/ (regenerate with
  /// scripts/generate-resources.py when this fails).
  @Test func embeddedResourcesMatchTheResourcesFolder() throws {
    let resources = packageRoot.appendingPathComponent("Resources")
    var onDisk: [String: String] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: resources.path))
    for case let path as String in enumerator where !path.hasPrefix(".") {
      var isDirectory: ObjCBool = false
      let full = resources.appendingPathComponent(path).path
      if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
        !(path as NSString).lastPathComponent.hasPrefix(".")
      {
        onDisk[path] = try String(contentsOfFile: full, encoding: .utf8)
      }
    }
    let embedded = Dictionary(uniqueKeysWithValues: EmbeddedResources.files.map { ($0.path, $0.text) })
    #expect(embedded.keys.sorted() == onDisk.keys.sorted())
    for (path, text) in onDisk {
      #expect(embedded[path] == text, "Resources/\(path) differs from its embedded copy: run python3 scripts/generate-resources.py")
    }
  }

  @Test func pathwaysHaveTheSourcesStepCounts() throws {
    let expected: [String: [Situation: Int]] = [
      "san-mateo": [.atRisk: 4, .suspectedRecruitment: 2, .suspectedVictim: 7, .confirmedVictim: 8],
      "orange-county": [.atRisk: 3, .suspectedRecruitment: 6],
      "sro-model": [.suspectedRecruitment: 5, .suspectedVictim: 7, .confirmedVictim: 8],
      "us-ed-sample": [.suspectedVictim: 4, .confirmedVictim: 4],
    ]
    for (id, counts) in expected {
      let guide = try decodeBuiltin(id)
      #expect(Dictionary(uniqueKeysWithValues: guide.pathways.map { ($0.id, $0.steps.count) }) == counts, "\(id)")
    }
  }

  @Test func coverageDiffersAsTheSourcesDo() throws {
    let sanMateo = try decodeBuiltin("san-mateo")
    for situation in Situation.allCases {
      guard case .pathway(let p) = sanMateo.coverage(of: situation) else {
        Issue.record("san-mateo does not cover \(situation)")
        continue
      }
      #expect(p.id == situation)
    }
    let orange = try decodeBuiltin("orange-county")
    guard case .pathway(let suspected) = orange.coverage(of: .suspectedVictim) else {
      Issue.record("orange-county suspected victim")
      return
    }
    #expect(suspected.id == .suspectedRecruitment)
    #expect(suspected.serves == [.suspectedRecruitment, .suspectedVictim])
    guard case .notCovered(_, let closest) = orange.coverage(of: .confirmedVictim) else {
      Issue.record("orange-county must not cover confirmed victims")
      return
    }
    #expect(closest?.id == .suspectedRecruitment)
    let sro = try decodeBuiltin("sro-model")
    #expect(sro.screening == nil)
    guard case .notCovered(_, let sroClosest) = sro.coverage(of: .atRisk) else {
      Issue.record("sro-model must not cover at-risk")
      return
    }
    #expect(sroClosest?.id == .suspectedVictim)
    let us = try decodeBuiltin("us-ed-sample")
    #expect(us.pathways.map(\.id) == [.suspectedVictim, .confirmedVictim])
  }

  @Test func californiaCriteriaCarryTheirMinimums() throws {
    for id in ["san-mateo", "orange-county"] {
      let screening = try #require(try decodeBuiltin(id).screening)
      #expect(screening.criteria.map(\.minimum) == [1, 2], "\(id)")
      #expect(screening.criteria.map(\.items.count) == [3, 5], "\(id)")
      #expect(screening.rule == .anyCriterion)
      #expect(screening.leadsTo == .atRisk)
    }
    let us = try #require(try decodeBuiltin("us-ed-sample").screening)
    #expect(us.isObservationOnly)
    #expect(us.criteria.map(\.items.count) == [26, 30])
  }

  @Test func phoneNumbersAreExactlyTheSources() throws {
    let sanMateo = try decodeBuiltin("san-mateo")
    #expect(sanMateo.contacts.compactMap(\.phone).sorted() == ["(650) 802-5425", "650-692-7273"])
    let rts = try #require(sanMateo.contacts.first { $0.name == "Rape Trauma Services" })
    #expect(rts.phone == "650-692-7273")
    let orange = try decodeBuiltin("orange-county")
    #expect(orange.contacts.compactMap(\.phone) == ["800-207-4464"])
    #expect(try decodeBuiltin("sro-model").contacts.compactMap(\.phone).isEmpty)
    #expect(try decodeBuiltin("us-ed-sample").contacts.compactMap(\.phone).isEmpty)
  }

  /// Every phone number, every source file and every law cited in the data (protocols and
  /// scenarios) appears in the source documents (../shared/sources, beside the project as CI lays
  /// it out; a bare clone has no such folder, so these checks say so and are skipped there).
  @Test(.enabled(if: SourceDocuments.present, "needs ../shared/sources beside the project (CI lays it out)"))
  func phoneNumbersAppearInTheSourceDocuments() throws {
    let sources = try SourceDocuments.load()
    for id in BuiltinProtocols.ids {
      let guide = try decodeBuiltin(id)
      for contact in guide.contacts {
        if let phone = contact.phone { #expect(sources.corpus.contains(phone), "\(id): \(phone) is not in the sources") }
      }
      for document in guide.documents {
        if let file = document.file { #expect(sources.names.contains(file), "\(id): \(file) is not a source file") }
      }
    }
  }

  @Test(.enabled(if: SourceDocuments.present, "needs ../shared/sources beside the project (CI lays it out)"))
  func everyLawCitedInTheDataAppearsInTheSources() throws {
    let sources = try SourceDocuments.load()
    // Section numbers as the files write them: "PC 11166(a)", "SB 543", "Penal Code sections
    // 11164-11174.3", "Welfare and Institutions Code Sections 16524.6".
    let citation = try Regex(
      #"\b(?:PC|EC|SB|AB|WIC)\s+\d+(?:\.\d+)?(?:\([a-z0-9]\))?|Penal Code sections? [\d.\-]+|(?:Education|Welfare and Institutions) Code,? [Ss]ections? [\d.]+"#)
    var cited = 0
    for file in EmbeddedResources.files {
      for match in file.text.matches(of: citation) {
        let law = String(file.text[match.range]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        cited += 1
        #expect(sources.flatCorpus.contains(law), "Resources/\(file.path) cites \(law), which no source document contains")
      }
    }
    #expect(cited >= 20, "the citation pattern found only \(cited) citations: it no longer matches how the files cite")
    // The report's deadline in hours is the one the law gives.
    for id in ["san-mateo", "orange-county", "sro-model"] {
      let hours = try #require(try decodeBuiltin(id).mandatedReport?.writtenReportHours)
      #expect(sources.flatCorpus.contains("within \(hours) hours"), "\(id): \(hours) hours is not the law's deadline")
    }
  }

  @Test func theCaliforniaReportBlockIsTheSameInAllThreeAndAbsentElsewhere() throws {
    let blocks = try ["san-mateo", "orange-county", "sro-model"].map {
      try #require(try decodeBuiltin($0).mandatedReport)
    }
    #expect(blocks[0] == blocks[1])
    #expect(blocks[1] == blocks[2])
    #expect(blocks[0].writtenReportHours == 36)
    #expect(blocks[0].fields.count == 10)
    #expect(try decodeBuiltin("us-ed-sample").mandatedReport == nil)
  }

  @Test func reportStepsAreMarked() throws {
    let expected: [String: [Situation: [Int]]] = [
      "san-mateo": [.atRisk: [1], .suspectedRecruitment: [], .suspectedVictim: [2], .confirmedVictim: [2]],
      "orange-county": [.atRisk: [1], .suspectedRecruitment: [1]],
      "sro-model": [.suspectedRecruitment: [], .suspectedVictim: [2], .confirmedVictim: [2]],
      "us-ed-sample": [.suspectedVictim: [], .confirmedVictim: []],
    ]
    for (id, marks) in expected {
      let guide = try decodeBuiltin(id)
      for pathway in guide.pathways {
        let marked = pathway.steps.enumerated().filter { $0.element.mandatedReport }.map { $0.offset + 1 }
        #expect(marked == marks[pathway.id], "\(id) \(pathway.id)")
      }
    }
  }

  @Test func showJSONHasTheDocumentedShape() throws {
    let json = try decodeBuiltin("san-mateo").json.rendered()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect(object["id"] as? String == "san-mateo")
    #expect(object["title"] is String)
    let screening = try #require(object["screening"] as? [String: Any])
    let criteria = try #require(screening["criteria"] as? [[String: Any]])
    #expect(criteria.map { $0["minimum"] as? Int } == [1, 2])
    #expect(criteria.allSatisfy { $0["id"] is String && $0["title"] is String && $0["items"] is [Any] })
    #expect(object["contacts"] is [[String: Any]])
    let pathways = try #require(object["pathways"] as? [[String: Any]])
    #expect(pathways.count == 4)
    for pathway in pathways {
      let steps = try #require(pathway["steps"] as? [[String: Any]])
      #expect(steps.allSatisfy { $0["id"] is String && $0["title"] is String && $0["detail"] is String })
    }
  }
}

/// The source documents beside the project (../shared/sources, or beside a worktrees' folder),
/// when they are there: a bare clone has none, and the tests that read them say so and skip.
enum SourceDocuments {
  static let folder: URL = {
    let candidates = [
      packageRoot.deletingLastPathComponent().appendingPathComponent("shared/sources"),
      packageRoot.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/sources"),
    ]
    return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("README.md").path) } ?? candidates[0]
  }()
  static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.md").path) }

  struct Loaded {
    var names: [String]
    var corpus: String
    /// The corpus with every run of white space made one space (extracted text wraps anywhere).
    var flatCorpus: String
  }

  static func load() throws -> Loaded {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    let corpus = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
      .joined(separator: "\n")
    return Loaded(names: names, corpus: corpus, flatCorpus: corpus.split(whereSeparator: \.isWhitespace).joined(separator: " "))
  }
}
