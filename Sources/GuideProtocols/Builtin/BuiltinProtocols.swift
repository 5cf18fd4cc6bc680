import GuideEngine

/// The protocols shipped inside the binary (Resources/protocols/*.yaml, embedded at build time).
public enum BuiltinProtocols {
  /// The ids of the built-in protocols, in the order they are listed.
  public static let ids = ["san-mateo", "orange-county", "sro-model", "us-ed-sample"]

  /// The embedded file texts: name ("san-mateo.yaml") and YAML text.
  public static var files: [(name: String, text: String)] {
    EmbeddedResources.files.compactMap { entry in
      guard entry.path.hasPrefix("protocols/"), entry.path.hasSuffix(".yaml") else { return nil }
      return (String(entry.path.dropFirst("protocols/".count)), entry.text)
    }
  }

  /// The embedded training scenarios (Resources/scenarios/*.yaml): name and YAML text.
  public static var scenarioFiles: [(name: String, text: String)] {
    EmbeddedResources.files.compactMap { entry in
      guard entry.path.hasPrefix("scenarios/"), entry.path.hasSuffix(".yaml") else { return nil }
      return (String(entry.path.dropFirst("scenarios/".count)), entry.text)
    }
  }

  /// Decodes one built-in protocol by file name.
  public static func decode(_ name: String) -> ProtocolDecoder.Outcome? {
    files.first { $0.name == name }.map { ProtocolDecoder.decode($0.text, file: "Resources/protocols/\($0.name)") }
  }
}
