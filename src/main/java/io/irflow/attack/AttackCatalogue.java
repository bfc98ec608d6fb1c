package io.irflow.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ATT&CK Enterprise techniques and sub-techniques shipped in {@code attack/enterprise-attack-<version>.tsv}
 * (derived from MITRE's data by {@code tools/attack/derive.py}; source and MITRE's notice beside it). Only active ids
 * can be mapped; revoked and deprecated ones are known so that a refusal can say why.
 */
public final class AttackCatalogue {

  public static final Pattern ID = Pattern.compile("T\\d{4}(\\.\\d{3})?");

  /** One technique or sub-technique. {@code status}: active, revoked or deprecated. */
  public record Technique(String id, String name, List<String> tactics, String status) {
    public boolean active() {
      return "active".equals(status);
    }

    public boolean subTechnique() {
      return id.contains(".");
    }
  }

  private final String version;
  private final Map<String, Technique> techniques;

  AttackCatalogue(String version, Map<String, Technique> techniques) {
    this.version = version;
    this.techniques = Collections.unmodifiableMap(techniques);
  }

  /** Reads {@code attack/enterprise-attack-<version>.tsv} from the class path. */
  public static AttackCatalogue load(String version) {
    String resource = "attack/enterprise-attack-" + version + ".tsv";
    try (InputStream in = AttackCatalogue.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No ATT&CK catalogue " + resource + " on the class path");
      }
      return parse(version, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AttackCatalogue parse(String version, BufferedReader lines) throws IOException {
    Map<String, Technique> techniques = new LinkedHashMap<>();
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 4 || !ID.matcher(f[0]).matches()) {
        throw new IllegalStateException("Not a catalogue line: " + line);
      }
      List<String> tactics = f[2].isEmpty() ? List.of() : Arrays.asList(f[2].split(","));
      techniques.put(f[0], new Technique(f[0], f[1], List.copyOf(tactics), f[3]));
    }
    return new AttackCatalogue(version, techniques);
  }

  /** The ATT&CK version, e.g. {@code 18.1}. */
  public String version() {
    return version;
  }

  public Optional<Technique> find(String id) {
    return Optional.ofNullable(techniques.get(id));
  }

  /** How many active techniques and sub-techniques the catalogue holds. */
  public long activeCount() {
    return techniques.values().stream().filter(Technique::active).count();
  }

  /**
   * Why {@code id} cannot be mapped (malformed, unknown, revoked or deprecated), or empty when it can. {@code id} is
   * taken as given: callers upper-case it first.
   */
  public Optional<String> refusal(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.of(id + " is not an ATT&CK technique id (T1234 or T1234.567)");
    }
    Technique technique = techniques.get(id);
    if (technique == null) {
      return Optional.of(id + " is not a technique of ATT&CK Enterprise " + version);
    }
    if (!technique.active()) {
      return Optional.of(id + " (" + technique.name() + ") is " + technique.status() + " in ATT&CK Enterprise " + version);
    }
    return Optional.empty();
  }
}
