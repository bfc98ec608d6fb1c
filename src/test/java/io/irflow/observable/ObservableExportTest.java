package io.irflow.observable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The STIX and MISP shapes of observables, without a database. */
class ObservableExportTest {

  static final OffsetDateTime SEEN = OffsetDateTime.parse("2026-11-22T08:15:02.123456Z");

  static Observables.Observable observable(String type, String value, String tlp, boolean ioc) {
    return new Observables.Observable(UUID.randomUUID().toString(), "SIR-2026-00001", type, value, tlp, "amber", ioc,
        List.of("c2"), null, SEEN, SEEN.plusHours(1), 2, "alice");
  }

  @Test
  void everyTypeGivesAValidBundleAndTheSchemaRefusesABrokenOne() {
    List<Observables.Observable> all = List.of(
        observable("ip", "203.0.113.7", "clear", true), observable("ip", "2001:db8::1", "green", false),
        observable("domain", "example.com", "amber", false), observable("fqdn", "www.example.com", "amber", true),
        observable("url", "https://example.com/a?b='c'", "amber", true), observable("email", "x@example.com", "red", false),
        observable("account", "CORP\\svc", "amber+strict", false), observable("md5", "d41d8cd98f00b204e9800998ecf8427e", "amber", false),
        observable("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "amber", true),
        observable("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "amber", false),
        observable("file-name", "evil.exe", "amber", false), observable("process", "cmd.exe /c whoami", "amber", false),
        observable("registry-key", "HKEY_LOCAL_MACHINE\\Software\\Run", "amber", false),
        observable("user-agent", "evilbot/1.0", "amber", true), observable("cloud-resource-id", "arn:aws:s3:::bucket", "amber", true));
    ObjectNode bundle = ObservableExport.stix("SIR-2026-00001", all);

    assertThat(StixSchema.problems(bundle)).isEmpty();
    assertThat(bundle.path("objects").findValuesAsText("type")).contains("ipv6-addr", "email-addr", "user-account",
        "file", "process", "windows-registry-key", "observed-data", "indicator")
        .as("no STIX object for a cloud resource id").noneMatch(t -> t.startsWith("x-"));
    assertThat(bundle.toString()).doesNotContain("arn:aws:s3:::bucket");

    ((ObjectNode) bundle.path("objects").get(bundle.path("objects").size() - 1)).remove("id");
    assertThat(StixSchema.problems(bundle)).as("the schema is really applied").isNotEmpty();
  }

  @Test
  void patternsEscapeQuotesAndBackslashes() {
    assertThat(ObservableExport.pattern(observable("url", "https://example.com/a?b='c'", "amber", true)))
        .isEqualTo("[url:value = 'https://example.com/a?b=\\'c\\'']");
    assertThat(ObservableExport.pattern(observable("registry-key", "HKEY_CURRENT_USER\\Run", "amber", true)))
        .isEqualTo("[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Run']");
    assertThat(ObservableExport.pattern(observable("cloud-resource-id", "arn:aws:s3:::bucket", "amber", true))).isNull();
  }

  @Test
  void cyberObservableIdsAreDeterministicVersion5Uuids() {
    ObjectNode one = ObservableExport.sco(observable("ip", "203.0.113.7", "amber", false), "m");
    ObjectNode other = ObservableExport.sco(observable("ip", "203.0.113.7", "red", false), "m");
    assertThat(one.path("id").asText()).isEqualTo(other.path("id").asText()).startsWith("ipv4-addr--");
    assertThat(UUID.fromString(one.path("id").asText().substring("ipv4-addr--".length())).version()).isEqualTo(5);
    assertThat(ObservableExport.time(SEEN)).isEqualTo("2026-11-22T08:15:02.123Z");
  }

  @Test
  void mispAttributesCarryTheirTypesAndMarkings() {
    ObjectNode event = ObservableExport.misp("SIR-2026-00001", "Beacon", "high", SEEN,
        List.of(observable("fqdn", "www.example.com", "green", true), observable("registry-key", "HKEY_USERS\\x", "amber", false)));
    assertThat(event.path("Event").path("threat_level_id").asText()).isEqualTo("1");
    assertThat(event.path("Event").path("Attribute").findValuesAsText("type")).containsExactly("hostname", "regkey");
    assertThat(event.path("Event").path("Attribute").get(0).path("Tag").findValuesAsText("name"))
        .containsExactly("tlp:green", "PAP:AMBER", "c2");
    assertThat(event.path("Event").path("Tag").findValuesAsText("name")).containsExactly("tlp:amber");
  }
}
