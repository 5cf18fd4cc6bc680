#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import GuideEngine

/// Where a protocol was loaded from.
public enum ProtocolOrigin: Equatable, Sendable, CustomStringConvertible {
  case builtin
  case file(String)

  public var description: String {
    switch self {
    case .builtin: return "built-in"
    case .file(let path): return path
    }
  }
}

/// A protocol ready to use, with where it came from.
public struct LoadedProtocol: Sendable {
  public var guide: GuideProtocol
  public var origin: ProtocolOrigin
}

/// Every protocol the program can offer: the built-ins, then a district's own files.
public struct ProtocolCatalog: Sendable {
  public var protocols: [LoadedProtocol]
  /// Problems with a district's files or directories; those files are skipped, the rest load.
  public var problems: [String]
  /// Training scenario files found beside the protocols, read only when training starts.
  public var scenarioFiles: [String] = []
  /// District contact files found beside the protocols, merged into their protocol's contacts.
  public var districtFiles: [String] = []
  /// Built-ins not decoded yet (id: file name): their `guide` holds only the id, title and
  /// jurisdiction, enough to list them, until `completeDeferred()` decodes them.
  public private(set) var deferred: [String: String] = [:]

  public func find(_ id: String) -> LoadedProtocol? { protocols.first { $0.guide.id == id } }

  /// The directories searched for a district's protocols, in order: `--protocol-dir`,
  /// `$CSEC_GUIDE_PROTOCOL_DIR`, then `csec-guide/protocols` in the XDG data directories.
  /// Relative XDG paths are ignored, as the XDG Base Directory specification requires.
  public static func searchDirectories(protocolDir: String?, environment: [String: String], standard: Bool = true) -> [String] {
    var dirs: [String] = []
    if let protocolDir { dirs.append(protocolDir) }
    guard standard else { return dirs }
    if let fromEnv = environment["CSEC_GUIDE_PROTOCOL_DIR"], !fromEnv.isEmpty { dirs.append(fromEnv) }
    var dataDirs: [String] = []
    if let home = environment["XDG_DATA_HOME"], home.hasPrefix("/") {
      dataDirs.append(home)
    } else if let home = environment["HOME"], home.hasPrefix("/") {
      dataDirs.append(home + "/.local/share")
    }
    let system = environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share"
    dataDirs += system.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
    dirs += dataDirs.map { $0 + "/csec-guide/protocols" }
    var seen = Set<String>()
    return dirs.filter { seen.insert($0).inserted }
  }

  /// Loads the built-ins and every `*.yaml`/`*.yml` file in the search directories. A directory
  /// named with `--protocol-dir` must exist; the others are optional.
  /// `standard: false` (restricted mode) reads only `protocolDir`: no variable or XDG directory.
  ///
  /// `deferBuiltins` (the full-screen guide, whose first frame needs at most the titles): the
  /// built-ins other than `keep` are only listed (see `deferred`); decoding a protocol file is
  /// most of the start-up time. A district's files are always decoded, so that their problems
  /// are reported before the screen starts.
  public static func load(
    protocolDir: String?, environment: [String: String], standard: Bool = true, deferBuiltins: Bool = false,
    keep: String? = nil
  ) -> ProtocolCatalog {
    var catalog = ProtocolCatalog(protocols: [], problems: [])
    for file in BuiltinProtocols.files {
      if deferBuiltins, file.name != "\(keep ?? "").yaml", let header = builtinHeader(file.text), header.id != keep {
        catalog.protocols.append(LoadedProtocol(guide: header, origin: .builtin))
        catalog.deferred[header.id] = file.name
        continue
      }
      let outcome = ProtocolDecoder.decode(file.text, file: "Resources/protocols/\(file.name)")
      if let guide = outcome.guide {
        catalog.protocols.append(LoadedProtocol(guide: guide, origin: .builtin))
      } else {
        // A broken built-in is a bug of this program: say so loudly rather than hide it.
        catalog.problems += outcome.diagnostics.map { "built-in protocol: \($0)" }
      }
    }
    catalog.protocols.sort {
      (BuiltinProtocols.ids.firstIndex(of: $0.guide.id) ?? .max) < (BuiltinProtocols.ids.firstIndex(of: $1.guide.id) ?? .max)
    }
    for directory in searchDirectories(protocolDir: protocolDir, environment: environment, standard: standard) {
      guard let names = FileAccess.listDirectory(directory) else {
        if directory == protocolDir {
          catalog.problems.append("\(directory): cannot open this protocol directory (\(FileAccess.lastError()))")
        }
        continue
      }
      for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        catalog.add(path: path)
      }
    }
    catalog.mergeDistrictFiles()
    return catalog
  }

  /// Adds each district file's contacts to its protocol, marked as the district's. A file with
  /// problems is skipped and named; the protocols load without it.
  mutating func mergeDistrictFiles() {
    for path in districtFiles {
      let bytes: [UInt8]
      switch FileAccess.readFile(path, limit: YAMLReader.maximumBytes + 1) {
      case .failure(let message):
        problems.append("\(path): \(message)")
        continue
      case .success(let data):
        bytes = data
      }
      // A deferred built-in is decoded first: its steps are needed to check the file.
      if let target = ProtocolCatalog.protocolLine(bytes), let name = deferred[target],
        let index = protocols.firstIndex(where: { $0.origin == .builtin && $0.guide.id == target })
      {
        let outcome = ProtocolDecoder.decode(
          BuiltinProtocols.files.first { $0.name == name }?.text ?? "", file: "Resources/protocols/\(name)")
        if let guide = outcome.guide { protocols[index].guide = guide }
        deferred[target] = nil
      }
      let outcome = DistrictDecoder.decode(bytes: bytes, file: path, protocols: protocols.map(\.guide))
      guard let district = outcome.district,
        let index = protocols.firstIndex(where: { $0.guide.id == district.protocolID })
      else {
        problems.append("\(path): skipped, it has \(outcome.diagnostics.count) problem\(outcome.diagnostics.count == 1 ? "" : "s"); run 'csec-guide protocol validate \(path)' to see them")
        continue
      }
      protocols[index].guide = protocols[index].guide.adding(district)
    }
  }

  /// The value of a file's top-level `protocol:` line, read without parsing the file.
  static func protocolLine(_ bytes: [UInt8]) -> String? {
    YAMLReader.topLevelText(String(decoding: bytes, as: UTF8.self), fields: ["protocol"])?["protocol"]
  }

  /// A built-in's id, title and jurisdiction, read without decoding the rest of the file (nil
  /// when they cannot be read so: the file is then decoded, which reports why).
  static func builtinHeader(_ text: String) -> GuideProtocol? {
    guard let fields = YAMLReader.topLevelText(text, fields: ["id", "title", "jurisdiction"]),
      let id = fields["id"], let title = fields["title"], let jurisdiction = fields["jurisdiction"]
    else { return nil }
    return GuideProtocol(id: id, title: title, jurisdiction: jurisdiction, documents: [], contacts: [], pathways: [])
  }

  /// Decodes the deferred built-ins in place. One that fails (a bug of this program: the tests
  /// decode every built-in) is removed from the list, with its problems added to `problems`.
  public mutating func completeDeferred() {
    for (id, name) in deferred.sorted(by: { $0.key < $1.key }) {
      guard let index = protocols.firstIndex(where: { $0.origin == .builtin && $0.guide.id == id }) else { continue }
      let outcome = ProtocolDecoder.decode(
        BuiltinProtocols.files.first { $0.name == name }?.text ?? "", file: "Resources/protocols/\(name)")
      if let guide = outcome.guide, guide.id == id {
        protocols[index].guide = guide
      } else {
        protocols.remove(at: index)
        problems += outcome.diagnostics.map { "built-in protocol: \($0)" }
      }
    }
    deferred = [:]
  }

  mutating func add(path: String) {
    let bytes: [UInt8]
    switch FileAccess.readFile(path, limit: YAMLReader.maximumBytes + 1) {
    case .failure(let message):
      problems.append("\(path): \(message)")
      return
    case .success(let data):
      bytes = data
    }
    switch DataFileKind.of(bytes: bytes) {
    case .scenario:
      scenarioFiles.append(path)
      return
    case .district:
      districtFiles.append(path)
      return
    case .guideProtocol:
      break
    }
    let outcome = ProtocolDecoder.decode(bytes: bytes, file: path)
    guard let guide = outcome.guide else {
      problems.append("\(path): skipped, it has \(outcome.diagnostics.count) problem\(outcome.diagnostics.count == 1 ? "" : "s"); run 'csec-guide protocol validate \(path)' to see them")
      return
    }
    if let existing = find(guide.id) {
      problems.append("\(path): skipped, its id '\(guide.id)' is already used by \(existing.origin == .builtin ? "a built-in protocol" : existing.origin.description); give it another id")
      return
    }
    protocols.append(LoadedProtocol(guide: guide, origin: .file(path)))
  }
}

/// A training scenario ready to use, with where it came from.
public struct LoadedScenario: Sendable {
  public var scenario: TrainingScenario
  public var origin: ProtocolOrigin
}

extension ProtocolCatalog {
  /// The built-in scenarios, then those in the protocol directories, each checked against the
  /// catalog's protocols; problems name the file, and that file is skipped.
  public func loadScenarios() -> (scenarios: [LoadedScenario], problems: [String]) {
    var scenarios: [LoadedScenario] = []
    var problems: [String] = []
    let guides = protocols.map(\.guide)
    func add(_ outcome: ScenarioDecoder.Outcome, origin: ProtocolOrigin, path: String) {
      guard let scenario = outcome.scenario else {
        problems.append(origin == .builtin
          ? outcome.diagnostics.map { "built-in scenario: \($0)" }.joined(separator: "\n")
          : "\(path): skipped, it has \(outcome.diagnostics.count) problem\(outcome.diagnostics.count == 1 ? "" : "s"); run 'csec-guide protocol validate \(path)' to see them")
        return
      }
      if let existing = scenarios.first(where: { $0.scenario.id == scenario.id }) {
        problems.append("\(path): skipped, its id '\(scenario.id)' is already used by \(existing.origin == .builtin ? "a built-in scenario" : existing.origin.description); give it another id")
        return
      }
      scenarios.append(LoadedScenario(scenario: scenario, origin: origin))
    }
    for file in BuiltinProtocols.scenarioFiles {
      let path = "Resources/scenarios/\(file.name)"
      add(ScenarioDecoder.decode(file.text, file: path, protocols: guides), origin: .builtin, path: path)
    }
    for path in scenarioFiles {
      switch FileAccess.readFile(path, limit: YAMLReader.maximumBytes + 1) {
      case .failure(let message): problems.append("\(path): \(message)")
      case .success(let bytes): add(ScenarioDecoder.decode(bytes: bytes, file: path, protocols: guides), origin: .file(path), path: path)
      }
    }
    // Grouped by protocol, in the order the protocols are listed; by file name within each.
    let order = Dictionary(protocols.enumerated().map { ($1.guide.id, $0) }, uniquingKeysWith: { a, _ in a })
    let sorted = scenarios.enumerated().sorted {
      (order[$0.element.scenario.protocolID] ?? .max, $0.offset) < (order[$1.element.scenario.protocolID] ?? .max, $1.offset)
    }.map(\.element)
    return (sorted, problems)
  }
}

/// The little file access the loader needs, through the C library (no Foundation).
public enum FileAccess {
  public static func lastError() -> String { String(cString: strerror(errno)) }

  /// Names in a directory (no "." or ".."), or nil when it cannot be opened.
  public static func listDirectory(_ path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name != "." && name != ".." && !name.hasPrefix(".") { names.append(name) }
    }
    return names
  }

  /// The whole file, refusing anything that is not a regular file or is larger than `limit`.
  /// It is opened without blocking, so a FIFO (whose open waits for a writer) or a device named
  /// like a protocol file is skipped with a message instead of hanging the program.
  public static func readFile(_ path: String, limit: Int) -> Result<[UInt8], FileError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else { return .failure(FileError("cannot open it (\(lastError()))")) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .failure(FileError("cannot read it (\(lastError()))")) }
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG else {
      let kind: String
      switch type {
      case S_IFIFO: kind = "a FIFO (named pipe)"
      case S_IFSOCK: kind = "a socket"
      case S_IFCHR, S_IFBLK: kind = "a device"
      case S_IFDIR: kind = "a directory"
      default: kind = "a special file"
      }
      return .failure(FileError("it is \(kind), not a regular file, so it was not read"))
    }
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileError("cannot read it (\(lastError()))"))
      }
      if n == 0 { break }
      bytes += chunk[0..<n]
      if bytes.count > limit {
        return .failure(FileError("it is larger than \(limit - 1) bytes; a protocol file may be at most 1 MiB"))
      }
    }
    return .success(bytes)
  }

  public struct FileError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }
}
