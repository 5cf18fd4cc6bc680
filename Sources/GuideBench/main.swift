// csec-guide-bench: the engine figures of scripts/benchmark.py. Each operation is timed at two
// sizes, N and 2N, so that linear growth shows as a ratio near 2. Pure Swift: the engine and
// the protocol decoder, no terminal, no files, no Foundation.
//
//   .build/release/csec-guide-bench [--quick]
//
// Each figure is the median of several runs (at least 5, and at least 0.3 s in all; --quick:
// 3 runs), in milliseconds.
//
// Then the key derivation: the wait at every passphrase (a new case, resume, unlocking the
// screen), for the drafts' standard function and the alternatives considered.
//
// One figure compares the hand-written JSON parser that reads drafts and the case log with
// FoundationEssentials' JSONDecoder (which GuideStore could use, as swift-crypto links it): the
// bench imports FoundationEssentials for that comparison only; the guide's engine does not.
import FoundationEssentials
import GuideEngine
import GuideProtocols
import GuideStore

#if canImport(Glibc)
  import Glibc
#endif

let quick = CommandLine.arguments.contains("--quick")

/// Median milliseconds of `body`, run until enough samples were taken.
func measure(_ body: () -> Void) -> Double {
  let clock = ContinuousClock()
  var samples: [Double] = []
  let started = clock.now
  repeat {
    let duration = clock.measure(body)
    samples.append(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
  } while samples.count < (quick ? 3 : 5) || (!quick && clock.now - started < .milliseconds(300) && samples.count < 200)
  samples.sort()
  return samples[samples.count / 2]
}

func fail(_ message: String) -> Never {
  var line = Array(("csec-guide-bench: " + message + "\n").utf8)
  _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  exit(1)
}

// MARK: - Inputs

/// A valid protocol file with `steps` steps in its one pathway (each step names a contact and a
/// source, as the built-ins' steps do), so the decoder and validator see every kind of check.
func generatedProtocol(steps: Int) -> String {
  var text = """
    format: csec-guide-protocol/1
    id: generated
    title: Generated protocol
    jurisdiction: Benchmark County
    documents:
      - {id: doc, title: The document, publisher: Benchmark Office}
    contacts:
      - {id: cps, name: County CPS, phone: 800-555-0100, when: To report, source: {document: doc, location: p1}}
    pathways:
      - id: at-risk
        title: At risk
        source: {document: doc, location: p1}
        steps:

    """
  for i in 1...steps {
    text += "      - {id: s\(i), title: S\(i), detail: D., contact: cps, source: {document: doc, location: p1}}\n"
  }
  text += """
    not-covered:
      - {situation: suspected-recruitment, explanation: Not in this protocol.}
      - {situation: suspected-victim, explanation: Not in this protocol.}
      - {situation: confirmed-victim, closest: at-risk, explanation: Not in this protocol.}

    """
  return text
}

/// A case of `count` events on san-mateo's confirmed-victim pathway, every one accepted: notes,
/// calls, steps done and reopened, report fields, case notes, one minute apart.
func generatedCase(_ guide: GuideProtocol, count: Int) -> [CaseEvent] {
  guard let pathway = guide.pathway(.confirmedVictim), let report = guide.mandatedReport else {
    fail("san-mateo has no confirmed-victim pathway or mandated report")
  }
  let steps = pathway.steps.map(\.id)
  var events: [CaseEvent] = []
  var time: Int64 = 1_790_000_000
  func add(_ action: CaseAction) {
    events.append(CaseEvent(at: Timestamp(secondsSinceEpoch: time, utcOffsetMinutes: -480), action))
    time += 60
  }
  add(.opened(protocolID: guide.id, mode: .real))
  add(.referenceSet("BENCH-1"))
  add(.situationChosen(.confirmedVictim))
  var done = Set<String>()
  var i = 0
  while events.count < count {
    let step = steps[i % steps.count]
    switch i % 6 {
    case 0: add(.stepNoteAdded(step: step, text: "Note \(i): spoke with the student's teacher about attendance."))
    case 1:
      add(.callRecorded(step: step, call: CallRecord(
        contactID: nil, agency: "County agency", personSpoken: "Officer \(i)", referralNumber: "R-\(i)",
        calledAt: Timestamp(secondsSinceEpoch: time - 30, utcOffsetMinutes: -480), outcome: .reportTaken)))
    case 2:
      if done.contains(step) {
        add(.stepReopened(step: step, reason: "More information arrived (\(i))."))
        done.remove(step)
      } else {
        add(.stepDone(step: step, note: "Done as the protocol says (\(i)).", reference: "REF-\(i)"))
        done.insert(step)
      }
    case 3: add(.reportFieldSet(field: report.fields[i % report.fields.count].id, value: .text("Value \(i)")))
    case 4: add(.caseNoteAdded("Case note \(i)."))
    default: add(.stepViewed(step: step))
    }
    i += 1
  }
  return events
}

// MARK: - Figures

struct Row {
  var name: String
  var sizes: (String, String)
  var times: (Double, Double)
}
var rows: [Row] = []

@MainActor func figure(_ name: String, sizes: (String, String), _ small: () -> Void, _ large: () -> Void) {
  rows.append(Row(name: name, sizes: sizes, times: (measure(small), measure(large))))
}

// Loading and validating the built-ins: the four files, then each of them twice.
let builtins = BuiltinProtocols.files
@MainActor func decodeBuiltins(times: Int) {
  for _ in 0..<times {
    for file in builtins {
      guard ProtocolDecoder.decode(file.text, file: file.name).guide != nil else { fail("\(file.name) does not decode") }
    }
  }
}
figure("load + validate the 4 built-in protocols", sizes: ("x1", "x2"), { decodeBuiltins(times: 1) }, { decodeBuiltins(times: 2) })

// A generated protocol.
let smallProtocol = generatedProtocol(steps: 5_000)
let largeProtocol = generatedProtocol(steps: 10_000)
func decode(_ text: String, steps: Int) {
  let outcome = ProtocolDecoder.decode(text, file: "generated.yaml")
  guard let guide = outcome.guide, guide.pathways.first?.steps.count == steps else {
    fail("the generated protocol does not decode: \(outcome.diagnostics.prefix(3).map(\.description))")
  }
}
figure(
  "decode + validate a generated protocol (\(smallProtocol.utf8.count / 1024) / \(largeProtocol.utf8.count / 1024) KiB)",
  sizes: ("5,000 steps", "10,000 steps"), { decode(smallProtocol, steps: 5_000) }, { decode(largeProtocol, steps: 10_000) })

// Replaying a case and rendering its summary.
guard let sanMateo = BuiltinProtocols.decode("san-mateo.yaml")?.guide else { fail("san-mateo does not decode") }
let reducer = CaseReducer(guide: sanMateo)
let smallCase = generatedCase(sanMateo, count: 10_000)
let largeCase = generatedCase(sanMateo, count: 20_000)
@MainActor func replay(_ events: [CaseEvent]) -> CaseState {
  let (state, refused) = reducer.replay(events)
  guard refused.isEmpty else { fail("\(refused.count) events refused, first: \(refused[0].error)") }
  return state
}
figure("replay a case through CaseReducer", sizes: ("10,000 events", "20,000 events"), { _ = replay(smallCase) }, { _ = replay(largeCase) })

let smallSummary = CaseSummary(guide: sanMateo, state: replay(smallCase))
let largeSummary = CaseSummary(guide: sanMateo, state: replay(largeCase))
for format in SummaryFormat.allCases {
  var sizes = (0, 0)
  figure(
    "render that case's summary as \(format.rawValue)", sizes: ("10,000 events", "20,000 events"),
    { sizes.0 = smallSummary.rendered(format).utf8.count }, { sizes.1 = largeSummary.rendered(format).utf8.count })
  rows[rows.count - 1].name += " (\(sizes.0 / 1024) / \(sizes.1 / 1024) KiB)"
}

// Reading a case log back: each line through the hand-written parser, or through
// JSONDecoder into a Decodable JSON tree; then the same event decoder (CaseEventCodec).
indirect enum DecodedJSON: Decodable {
  case null, bool(Bool), int(Int64), string(String), array([DecodedJSON]), object([String: DecodedJSON])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() { self = .null }
    else if let value = try? container.decode(Bool.self) { self = .bool(value) }
    else if let value = try? container.decode(Int64.self) { self = .int(value) }
    else if let value = try? container.decode(String.self) { self = .string(value) }
    else if let value = try? container.decode([DecodedJSON].self) { self = .array(value) }
    else { self = .object(try container.decode([String: DecodedJSON].self)) }
  }

  /// The engine's JSON value (object members in key order: the event decoder reads by key).
  var value: JSONValue {
    switch self {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .string(let s): return .string(s)
    case .array(let items): return .array(items.map(\.value))
    case .object(let members): return .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) })
    }
  }
}
let smallLog = smallCase.map { Array(CaseEventCodec.encode($0).compact().utf8) }
let largeLog = largeCase.map { Array(CaseEventCodec.encode($0).compact().utf8) }
func readWithParser(_ lines: [[UInt8]]) {
  for line in lines {
    guard let json = try? JSONParser.parse(bytes: line), (try? CaseEventCodec.decode(json)) != nil else { fail("a log line does not parse") }
  }
}
func readWithJSONDecoder(_ lines: [[UInt8]]) {
  let decoder = JSONDecoder()
  for line in lines {
    guard let tree = try? decoder.decode(DecodedJSON.self, from: Data(line)), (try? CaseEventCodec.decode(tree.value)) != nil else {
      fail("a log line does not decode with JSONDecoder")
    }
  }
}
figure("read a case log: hand-written JSON parser", sizes: ("10,000 events", "20,000 events"),
  { readWithParser(smallLog) }, { readWithParser(largeLog) })
figure("read a case log: FoundationEssentials JSONDecoder", sizes: ("10,000 events", "20,000 events"),
  { readWithJSONDecoder(smallLog) }, { readWithJSONDecoder(largeLog) })

// MARK: - Table

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  let padding = String(repeating: " ", count: max(0, width - text.count))
  return right ? padding + text : text + padding
}
func ms(_ value: Double) -> String {
  let hundredths = Int((value * 100).rounded())
  let fraction = hundredths % 100
  return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

let nameWidth = rows.map(\.name.count).max() ?? 0
print(pad("engine figure", nameWidth) + "  " + pad("N", 14) + pad("ms", 9, right: true) + "  " + pad("2N", 14)
  + pad("ms", 9, right: true) + pad("2N/N", 7, right: true))
for row in rows {
  let ratio = row.times.1 / max(row.times.0, 1e-9)
  print(pad(row.name, nameWidth) + "  " + pad(row.sizes.0, 14) + pad(ms(row.times.0), 9, right: true) + "  "
    + pad(row.sizes.1, 14) + pad(ms(row.times.1), 9, right: true) + pad(ms(ratio), 7, right: true))
}
print("median ms of repeated runs (release build); linear growth shows as 2N/N near 2")

// MARK: - Key derivation

/// Median milliseconds of deriving one key (3 runs; --quick: 1).
func deriveTime(_ function: KeyDerivation.Function) -> Double {
  let derivation = KeyDerivation.fresh(function)
  let clock = ContinuousClock()
  var samples: [Double] = []
  for _ in 0..<(quick ? 1 : 3) {
    let duration = clock.measure {
      guard (try? derivation.key(for: "correct horse battery staple")) != nil else { fail("the key derivation failed") }
    }
    samples.append(Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
  }
  samples.sort()
  return samples[samples.count / 2]
}

print()
var kdfRows: [(String, String, Double)] = [
  ("pbkdf2-sha256, 600,000 rounds (drafts written before scrypt)", "-", deriveTime(.pbkdf2SHA256(rounds: KeyDerivation.pbkdf2Rounds)))
]
for log2n in 14...18 {
  let function = KeyDerivation.Function.scrypt(n: 1 << log2n, r: 8, p: 1)
  let name = "scrypt, n 2^\(log2n), r 8, p 1" + (function == KeyDerivation.standard ? " (new drafts)" : "")
  kdfRows.append((name, "\(128 * (1 << log2n) * 8 / (1 << 20))", deriveTime(function)))
}
let kdfWidth = kdfRows.map(\.0.count).max() ?? 0
print(pad("key derivation at each passphrase (new case, resume, unlock)", kdfWidth) + pad("MiB", 6, right: true) + pad("ms", 10, right: true))
for row in kdfRows {
  print(pad(row.0, kdfWidth) + pad(row.1, 6, right: true) + pad(ms(row.2), 10, right: true))
}
print("median of 3 derivations each (release build); MiB: the memory scrypt fills, which an attacker must pay for every guess")
