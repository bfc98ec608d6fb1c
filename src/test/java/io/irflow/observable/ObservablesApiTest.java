package io.irflow.observable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Observables through the API, on PostgreSQL: added by alerts (JSON and OCSF), correlated alerts and responders, kept
 * once per incident with their sightings, linked across incidents, offered as likely correlations, exported as STIX
 * 2.1 (valid against OASIS' schema) and MISP with TLP respected, and refused with problems that change nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class ObservablesApiTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IncidentService incidents;
  @Autowired ObservableOwnership ownership;
  @Autowired JdbcTemplate jdbc;
  Http http;

  @BeforeEach
  void client() {
    ProcessEngines.registerProcessEngine(engine);
    http = new Http(port);
  }

  @Test
  void anAlertsObservablesAreKeptOncePerIncidentAndEachSightingCounts() throws Exception {
    String key = "observables-" + UUID.randomUUID();
    String ip = uniqueIp();
    String id = alert(key, "[" + observable("ip", ip, "\"ioc\": true, \"tags\": [\"c2\"]") + ","
        + observable("domain", "C2-" + unique("domain").toUpperCase() + "-x.example.", "\"tlp\": \"green\"") + ","
        + observable("ip", ip, "\"tlp\": \"red\"") + "]");

    List<JsonNode> first = observables(id, "alice");
    assertThat(first).hasSize(2);
    JsonNode address = byValue(first, ip);
    assertThat(address.path("sightings").asInt()).as("the same value twice in one alert").isEqualTo(2);
    assertThat(address.path("tlp").asText()).as("the stricter marking stays").isEqualTo("red");
    assertThat(address.path("ioc").asBoolean()).isTrue();
    assertThat(address.path("addedBy").asText()).isEqualTo("siem");
    assertThat(first).extracting(n -> n.path("value").asText()).anyMatch(v -> v.startsWith("c2-") && v.endsWith("-x.example"));

    HttpResponse<String> correlated = http.postJson("/api/alerts", alertBody(key, "[" + observable("ip", ip, null) + "]"), "siem");
    assertThat(correlated.statusCode()).as(correlated.body()).isEqualTo(200);
    assertThat(JSON.readTree(correlated.body()).path("incidentId").asText()).isEqualTo(id);
    assertThat(byValue(observables(id, "audrey"), ip).path("sightings").asInt()).isEqualTo(3);

    HttpResponse<String> again = post(id, observable("ip", ip, "\"tags\": [\"seen-on-proxy\"]"), "alice");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode sighted = JSON.readTree(again.body());
    assertThat(sighted.path("sightings").asInt()).isEqualTo(4);
    assertThat(sighted.path("tags")).extracting(JsonNode::asText).containsExactly("c2", "seen-on-proxy");
    assertThat(OffsetTimes.of(sighted.path("lastSeen"))).isAfterOrEqualTo(OffsetTimes.of(address.path("lastSeen")));

    HttpResponse<String> added = post(id, observable("sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "\"customerId\": \"acme\""), "maria");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(JSON.readTree(added.body()).path("value").asText())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(added.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith(
        "/api/incidents/" + id + "/observables/"));
    assertThat(observables(id, "alice")).hasSize(3);
    assertThat(ownership.valuesOwnedByOthers("globex"))
        .contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(ownership.valuesOwnedByOthers(id, "acme")).isEmpty();
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind)
        .contains("observable-added", "observable-sighted");
  }

  @Test
  void aNewIncidentSharingObservablesWithAnOpenOneIsOfferedAsALikelyCorrelationNotMerged() throws Exception {
    String domain = unique("shared") + ".example";
    String first = alert("first-" + UUID.randomUUID(), "[" + observable("domain", domain, null) + "]");
    String closed = alert("closed-" + UUID.randomUUID(), "[" + observable("domain", domain, null) + "]");
    incidents.close(closed, "resolved");

    String second = alert("second-" + UUID.randomUUID(), "[" + observable("fqdn", "www." + domain, null) + ","
        + observable("domain", domain.toUpperCase(), null) + "]");
    assertThat(second).as("not merged").isNotEqualTo(first);

    JsonNode offered = get("/api/incidents/" + second + "/likely-correlations", "audrey");
    assertThat(offered).extracting(n -> n.path("incidentId").asText()).as("open incidents only").contains(first)
        .doesNotContain(closed);
    JsonNode withFirst = stream(offered).filter(n -> n.path("incidentId").asText().equals(first)).findFirst().orElseThrow();
    assertThat(withFirst.path("observables")).extracting(n -> n.path("type").asText() + " " + n.path("value").asText())
        .containsExactly("domain " + domain);
    assertThat(get("/api/incidents/" + first + "/likely-correlations", "alice"))
        .extracting(n -> n.path("incidentId").asText()).contains(second);
    assertThat(incidents.events(second)).filteredOn(e -> e.kind().equals("likely-correlation"))
        .extracting(IncidentEvent::summary).anyMatch(s -> s.contains(first) && s.contains(domain));
    assertThat(incidents.events(first)).filteredOn(e -> e.kind().equals("likely-correlation"))
        .extracting(IncidentEvent::summary).anyMatch(s -> s.contains(second));
    assertThat(incidents.events(closed)).extracting(IncidentEvent::summary).noneMatch(s -> s.contains(second));

    JsonNode inSecond = byValue(observables(second, "alice"), domain);
    assertThat(inSecond.path("seenIn")).extracting(JsonNode::asText).contains(first, closed).doesNotContain(second);

    JsonNode holders = get("/api/observables?type=domain&value=" + domain.toUpperCase() + ".", "audrey");
    assertThat(holders.path("value").asText()).isEqualTo(domain);
    assertThat(holders.path("incidents")).extracting(n -> n.path("incidentId").asText())
        .containsExactly(first, closed, second);
    assertProblem(http.get("/api/observables?type=ip&value=999.1.1.1", "alice"), 400);
    assertProblem(http.get("/api/observables?type=colour&value=red", "alice"), 400);
  }

  @Test
  void ocsfObservablesJoinTheIncidentWhereTheirTypeMaps() throws Exception {
    ObjectNode event = ocsfEvent();
    String hash = "a".repeat(64);
    ArrayNode list = event.putArray("observables");
    list.addObject().put("name", "src_endpoint.ip").put("type_id", 2).put("value", "2001:DB8::7");
    list.addObject().put("name", "file.hashes").put("type_id", 8).put("value", hash.toUpperCase());
    list.addObject().put("name", "device.hostname").put("type_id", 1).put("value", "Bastion-01.Corp.Example");
    list.addObject().put("name", "device").put("type_id", 20);
    list.addObject().put("name", "src_endpoint.port").put("type_id", 11).put("value", "443");

    HttpResponse<String> created = http.postJson("/api/alerts/ocsf", event.toString(), "siem");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("incidentId").asText();
    assertThat(observables(id, "alice")).extracting(n -> n.path("type").asText() + " " + n.path("value").asText())
        .containsExactlyInAnyOrder("ip 2001:db8::7", "sha256 " + hash, "fqdn bastion-01.corp.example");

    ObjectNode bad = ocsfEvent();
    bad.putArray("observables").addObject().put("name", "src_endpoint.ip").put("type_id", 2).put("value", "10.0.0.300");
    HttpResponse<String> refused = http.postJson("/api/alerts/ocsf", bad.toString(), "siem");
    JsonNode problem = assertProblem(refused, 400);
    assertThat(problem.path("pointer").asText()).isEqualTo("/observables/0/value");
  }

  @Test
  void aMalformedObservableIsAProblemNamingTheFieldAndChangesNothing() throws Exception {
    int incidentsBefore = count("ir_security_incident");
    HttpResponse<String> badAlert = http.postJson("/api/alerts", alertBody("bad-" + UUID.randomUUID(), "["
        + observable("ip", "203.0.113.7", null) + "," + observable("ip", "203.0.113.300", null) + "]"), "siem");
    JsonNode problem = assertProblem(badAlert, 400);
    assertThat(problem.path("errors")).extracting(e -> e.path("field").asText()).containsExactly("observables[1].value");
    assertThat(problem.path("errors").get(0).path("message").asText()).contains("IPv4 or IPv6");

    HttpResponse<String> unknownCustomer = http.postJson("/api/alerts", alertBody("bad-" + UUID.randomUUID(), "["
        + observable("email", "cfo@initech.example", "\"customerId\": \"no-such-customer\"") + "]"), "siem");
    assertThat(assertProblem(unknownCustomer, 400).path("detail").asText()).contains("observables[0].customerId");
    assertThat(count("ir_security_incident")).isEqualTo(incidentsBefore);

    String id = alert("ok-" + UUID.randomUUID(), null);
    JsonNode badHash = assertProblem(post(id, observable("md5", "not-a-hash", null), "alice"), 400);
    assertThat(badHash.path("errors")).extracting(e -> e.path("field").asText() + ": " + e.path("message").asText())
        .containsExactly("value: must be 32 hexadecimal digits");
    assertProblem(post(id, observable("ip", "203.0.113.9", "\"tlp\": \"white\""), "alice"), 400);
    assertProblem(post(id, "{\"type\": \"hostname\", \"value\": \"x.example\"}", "alice"), 400);
    assertProblem(post(id, observable("ip", "203.0.113.9", "\"customerId\": \"no-such-customer\""), "alice"), 400);
    assertThat(observables(id, "alice")).isEmpty();
  }

  @Test
  void onlyRespondersAndManagersAddAndCustomerContactsReadNothing() throws Exception {
    String id = alert("perm-" + UUID.randomUUID(), "[" + observable("ip", "198.51.100.23", null) + "]");

    JsonNode refused = assertProblem(post(id, observable("ip", "198.51.100.24", null), "audrey"), 403);
    assertThat(refused.path("detail").asText()).contains("responders and incident managers");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactly("audrey");
    assertThat(observables(id, "audrey")).extracting(n -> n.path("value").asText()).containsExactly("198.51.100.23");

    assertProblem(http.get(path(id), "carol"), 404);
    assertProblem(http.get("/api/observables?type=ip&value=198.51.100.23", "carol"), 404);
    assertProblem(http.get(path(id) + "/export?format=stix", "carol"), 404);
    assertProblem(post(id, observable("ip", "198.51.100.25", null), "carol"), 404);
    assertProblem(http.get(path("SIR-1999-99999"), "alice"), 404);
    assertProblem(post("SIR-1999-99999", observable("ip", "198.51.100.25", null), "alice"), 404);
  }

  @Test
  void exportsLeaveOutRedAndAmberStrictUnlessAnIncidentManagerAsks() throws Exception {
    String id = alert("export-" + UUID.randomUUID(), "["
        + observable("ip", "192.0.2.10", "\"tlp\": \"clear\", \"ioc\": true, \"tags\": [\"c2\"]") + ","
        + observable("domain", "green-" + unique("d") + ".example", "\"tlp\": \"green\", \"ioc\": true") + ","
        + observable("url", "https://amber.example/dl?x=1", "\"ioc\": true") + ","
        + observable("sha1", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "\"pap\": \"green\"") + ","
        + observable("registry-key", "HKCU\\\\Software\\\\Run\\\\evil", null) + ","
        + observable("process", "cmd.exe /c \\\"whoami\\\" 'x'", "\"ioc\": true") + ","
        + observable("user-agent", "evilbot/1.0", null) + ","
        + observable("cloud-resource-id", "arn:aws:iam::111111111111:role/Admin", null) + ","
        + observable("email", "strict@victim.example", "\"tlp\": \"amber+strict\"") + ","
        + observable("account", "red-admin", "\"tlp\": \"red\", \"ioc\": true") + "]");

    JsonNode stix = get(path(id) + "/export?format=stix", "alice");
    assertThat(StixSchema.problems(stix)).as("valid against the OASIS STIX 2.1 schema").isEmpty();
    String stixText = stix.toString();
    assertThat(stixText).contains("192.0.2.10", "[url:value = 'https://amber.example/dl?x=1']",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "HKEY_CURRENT_USER\\\\Software\\\\Run\\\\evil")
        .doesNotContain("strict@victim.example", "red-admin");
    assertThat(stream(stix.path("objects")).filter(o -> o.path("type").asText().equals("marking-definition"))
        .map(o -> o.path("id").asText())).containsExactly(
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
    assertThat(stream(stix.path("objects")).filter(o -> o.path("type").asText().equals("indicator"))
        .map(o -> o.path("pattern").asText())).contains("[ipv4-addr:value = '192.0.2.10']",
        "[process:command_line = 'cmd.exe /c \"whoami\" \\'x\\'']");
    assertThat(stream(stix.path("objects")).filter(o -> o.path("type").asText().equals("observed-data")))
        .allSatisfy(o -> assertThat(o.path("object_refs")).hasSize(1));

    JsonNode misp = get(path(id) + "/export?format=misp", "audrey");
    JsonNode attributes = misp.path("Event").path("Attribute");
    assertThat(stream(attributes).map(a -> a.path("type").asText())).containsExactlyInAnyOrder(
        "ip-dst", "domain", "url", "sha1", "regkey", "text", "user-agent", "text");
    assertThat(misp.toString()).doesNotContain("strict@victim.example", "red-admin", "tlp:red", "tlp:amber+strict");
    assertThat(misp.path("Event").path("Tag")).extracting(t -> t.path("name").asText()).containsExactly("tlp:amber");
    JsonNode sha1 = stream(attributes).filter(a -> a.path("type").asText().equals("sha1")).findFirst().orElseThrow();
    assertThat(sha1.path("to_ids").asBoolean()).isFalse();
    assertThat(sha1.path("Tag")).extracting(t -> t.path("name").asText()).containsExactly("tlp:amber", "PAP:GREEN");

    JsonNode denied = assertProblem(http.get(path(id) + "/export?format=misp&includeRestricted=true", "alice"), 403);
    assertThat(denied.path("detail").asText()).contains("incident managers");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactly("alice");

    JsonNode everything = get(path(id) + "/export?format=misp&includeRestricted=true", "maria");
    assertThat(everything.toString()).contains("strict@victim.example", "red-admin", "tlp:amber+strict", "tlp:red");
    assertThat(everything.path("Event").path("Tag")).extracting(t -> t.path("name").asText()).containsExactly("tlp:red");
    JsonNode restrictedStix = get(path(id) + "/export?format=stix&includeRestricted=true", "maria");
    assertThat(StixSchema.problems(restrictedStix)).isEmpty();
    assertThat(restrictedStix.toString()).contains("[user-account:user_id = 'red-admin']",
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
    assertProblem(http.get(path(id) + "/export?format=csv", "maria"), 400);
  }

  // --- helpers

  String alert(String correlationKey, String observables) throws Exception {
    HttpResponse<String> created = http.postJson("/api/alerts", alertBody(correlationKey, observables), "siem");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("incidentId").asText();
  }

  static String alertBody(String correlationKey, String observables) {
    return "{\"source\": \"observables\", \"externalId\": \"" + UUID.randomUUID() + "\", \"title\": \"Beacon to a C2\", "
        + "\"severityHint\": \"low\", \"correlationKey\": \"" + correlationKey + "\""
        + (observables == null ? "" : ", \"observables\": " + observables) + "}";
  }

  static String observable(String type, String value, String more) {
    return "{\"type\": \"" + type + "\", \"value\": \"" + value + "\"" + (more == null ? "" : ", " + more) + "}";
  }

  static ObjectNode ocsfEvent() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"class_uid": 2004, "severity_id": 3, "time": %d, "message": "Beacon to a C2",
         "metadata": {"version": "1.1.0", "product": {"name": "EDR", "vendor_name": "Example"}},
         "finding_info": {"uid": "%s", "title": "Beacon to a C2"}}""".formatted(System.currentTimeMillis(), UUID.randomUUID()));
  }

  HttpResponse<String> post(String incidentId, String body, String user) {
    return http.postJson(path(incidentId), body, user);
  }

  List<JsonNode> observables(String incidentId, String user) throws Exception {
    return stream(get(path(incidentId), user)).toList();
  }

  JsonNode get(String path, String user) throws Exception {
    HttpResponse<String> response = http.get(path, user);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static JsonNode byValue(List<JsonNode> observables, String value) {
    return observables.stream().filter(n -> n.path("value").asText().equals(value)).findFirst().orElseThrow(
        () -> new AssertionError("No observable " + value + " in " + observables));
  }

  static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  static String path(String incidentId) {
    return "/api/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8) + "/observables";
  }

  int count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Integer.class);
  }

  static String uniqueIp() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  /** A value no other test run uses: the database is shared by the test classes of a run. */
  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  static JsonNode assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
    return problem;
  }

  /** Times of the API as instants. */
  static final class OffsetTimes {
    static java.time.OffsetDateTime of(JsonNode text) {
      return java.time.OffsetDateTime.parse(text.asText());
    }
  }
}
