package io.irflow.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /api/incidents} read a page at a time with the cursor ({@code after}, the {@code next} of the page before):
 * the list's order, every incident once, nothing skipped or repeated when incidents are reported meanwhile, and a bad
 * cursor refused with a problem. The incidents are records of their own (ties on report time and deadline included),
 * found by an ATT&CK technique only they carry.
 */
abstract class IncidentListCursor {

  static final ObjectMapper JSON = new ObjectMapper();
  static final OffsetDateTime T = OffsetDateTime.parse("2026-01-05T00:00:00Z");

  /** One incident record as the test writes it. */
  record Incident(String id, OffsetDateTime reportedAt, String status, OffsetDateTime acknowledgeDueAt,
      OffsetDateTime acknowledgedAt, OffsetDateTime containDueAt, OffsetDateTime legalDeadline) {

    OffsetDateTime nextDeadline() {
      if (status.equals("closed")) {
        return null;
      }
      return acknowledgedAt == null ? acknowledgeDueAt : containDueAt;
    }
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  Http http;
  String technique;
  String prefix;
  List<Incident> incidents;

  @BeforeEach
  void incidentsOfTheirOwn() {
    http = new Http(port);
    int n = ThreadLocalRandom.current().nextInt(1000, 9999);
    technique = "T9" + String.format("%03d", n % 1000) + "." + String.format("%03d", n / 10);
    prefix = "SIR-C" + n + "-";
    incidents = new ArrayList<>(List.of(
        incident("a", 1, "open", T.plusHours(5), null, null, T.plusHours(30)),
        incident("b", 2, "open", T.plusHours(3), null, null, null),
        incident("c", 2, "open", T.plusHours(3), null, null, null),
        incident("d", 3, "closed", T.plusHours(4), T.plusHours(3), T.plusHours(8), T.plusHours(30)),
        incident("e", 3, "closed", null, null, null, null),
        incident("f", 4, "open", T.plusHours(5), T.plusHours(4).plusMinutes(30), T.plusHours(10), T.plusHours(20)),
        incident("g", 0, "open", null, null, null, null)));
    incidents.forEach(this::store);
  }

  Incident incident(String name, int hour, String status, OffsetDateTime acknowledgeDue, OffsetDateTime acknowledged,
      OffsetDateTime containDue, OffsetDateTime legal) {
    return new Incident(prefix + name, T.plusHours(hour), status, acknowledgeDue, acknowledged, containDue, legal);
  }

  void store(Incident i) {
    jdbc.update("""
        insert into ir_security_incident (id, title, category, severity, phase, status, reported_by, reported_at,
          acknowledge_due_at, acknowledged_at, contain_due_at, next_legal_deadline, updated_at)
        values (?, 'Cursor test', 'malware', 'low', ?, ?, 'test', ?, ?, ?, ?, ?, ?)""",
        i.id(), i.status().equals("closed") ? "closed" : "detection", i.status(), i.reportedAt(), i.acknowledgeDueAt(),
        i.acknowledgedAt(), i.containDueAt(), i.legalDeadline(), T);
    jdbc.update("insert into ir_incident_technique (incident_id, technique_id, attack_version, mapped_by, mapped_at) "
        + "values (?, ?, '18.1', 'test', ?)", i.id(), technique, T);
  }

  /** The documented order: newest by report time and number, descending; the deadlines nearest first, none last. */
  static Comparator<Incident> order(String sort) {
    Comparator<Incident> newest = Comparator.comparing(Incident::reportedAt).reversed();
    return switch (sort) {
      case "deadline" -> Comparator.comparing(Incident::nextDeadline, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(newest).thenComparing(Incident::id);
      case "legal-deadline" -> Comparator.comparing(Incident::legalDeadline,
          Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(newest).thenComparing(Incident::id);
      default -> newest.thenComparing(Comparator.comparing(Incident::id).reversed());
    };
  }

  List<String> expected(String sort) {
    return incidents.stream().sorted(order(sort)).map(Incident::id).toList();
  }

  String list(String query) {
    return "/api/incidents?technique=" + technique + "&" + query;
  }

  JsonNode page(String path) throws Exception {
    HttpResponse<String> response = http.get(path, "audrey");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(item -> ids.add(item.path("incidentId").asText()));
    return ids;
  }

  static String encoded(String cursor) {
    return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"newest", "deadline", "legal-deadline"})
  void theCursorReadsEveryIncidentOnceInTheListsOrder(String sort) throws Exception {
    List<String> walked = new ArrayList<>();
    JsonNode page = page(list("sort=" + sort + "&size=2"));
    int pages = 1;
    walked.addAll(ids(page));
    while (page.hasNonNull("next")) {
      assertThat(page.path("total").asLong()).isEqualTo(7);
      page = page(list("sort=" + sort + "&size=2&after=" + encoded(page.path("next").asText())));
      assertThat(page.path("page").asInt()).isZero();
      walked.addAll(ids(page));
      pages++;
    }

    assertThat(walked).containsExactlyElementsOf(expected(sort));
    assertThat(pages).isEqualTo(4);
    assertThat(ids(page)).hasSize(1);
    // The same order as one page of all of them, and as the numbered pages.
    assertThat(ids(page(list("sort=" + sort + "&size=100")))).containsExactlyElementsOf(walked);
    List<String> numbered = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      numbered.addAll(ids(page(list("sort=" + sort + "&size=2&page=" + p))));
    }
    assertThat(numbered).containsExactlyElementsOf(walked);
  }

  @Test
  void aNumberedPageAlsoSaysWhereTheNextOneStarts() throws Exception {
    JsonNode second = page(list("size=3&page=1"));
    JsonNode after = page(list("size=3&after=" + encoded(second.path("next").asText())));

    assertThat(ids(after)).containsExactlyElementsOf(expected("newest").subList(6, 7));
    assertThat(page(list("size=3&page=2")).has("next")).as("the last page has no next").isFalse();
  }

  @Test
  void incidentsReportedMeanwhileAreNeitherSkippedNorRepeated() throws Exception {
    JsonNode first = page(list("sort=newest&size=3"));
    assertThat(ids(first)).containsExactlyElementsOf(expected("newest").subList(0, 3));

    // Two more incidents are reported while the reader looks at the first page: one newer than all, one older.
    Incident newer = incident("h", 6, "open", T.plusHours(7), null, null, null);
    Incident older = incident("i", -1, "open", null, null, null, null);
    store(newer);
    store(older);

    List<String> rest = new ArrayList<>();
    JsonNode page = page(list("sort=newest&size=3&after=" + encoded(first.path("next").asText())));
    rest.addAll(ids(page));
    while (page.hasNonNull("next")) {
      page = page(list("sort=newest&size=3&after=" + encoded(page.path("next").asText())));
      rest.addAll(ids(page));
    }
    List<String> before = new ArrayList<>(expected("newest").subList(3, 7));
    before.add(older.id());
    assertThat(rest).as("what follows the first page, once each; the newer one is before it")
        .containsExactlyElementsOf(before).doesNotContain(newer.id()).doesNotContainAnyElementsOf(ids(first));
  }

  @Test
  void aCursorThatIsNotOneOfThisListIsRefusedWithAProblem() throws Exception {
    String newest = page(list("sort=newest&size=2")).path("next").asText();
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "1~newest~~not-a-time~SIR-2026-00001".getBytes(StandardCharsets.UTF_8));

    for (String query : List.of("after=garbage!", "after=" + forged, "sort=deadline&after=" + encoded(newest),
        "after=", "page=1&after=" + encoded(newest))) {
      HttpResponse<String> refused = http.get(list(query), "audrey");
      assertThat(refused.statusCode()).as(query + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
          assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.path("status").asInt()).isEqualTo(400);
      assertThat(problem.path("detail").asText()).as(query).contains("after");
    }
  }
}
