package io.irflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.irflow.incident.IncidentEvent;
import io.irflow.incident.IncidentService;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.Http.Part;
import io.irflow.testsupport.PostgresCondition;
import io.irflow.testsupport.TestSmtp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Evidence through the API on PostgreSQL, with a store in a temporary directory and a limit of 1MB: the hash taken at
 * upload, verified downloads, a file changed on disk refused and reported, the chain of custody, the size limit,
 * concurrent uploads, corrections by superseding, and who may do what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "camunda.bpm.job-execution.enabled=false")
@Tag("postgres")
@ExtendWith(PostgresCondition.class)
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = EvidenceDatabase.class)
class EvidenceApiTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int LIMIT = 1024 * 1024;

  @RegisterExtension
  static GreenMailExtension mail = TestSmtp.server();

  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    TestSmtp.register(registry);
  }

  @LocalServerPort int port;
  @Autowired IncidentService incidents;
  @Autowired EvidenceService evidence;
  @Autowired DirectoryEvidenceStore store;
  @Autowired EvidenceProperties properties;
  @Autowired MeterRegistry meters;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void anUploadIsKeptWithItsSha256AndADownloadReturnsItVerified() throws Exception {
    String id = report();
    byte[] content = random(300_000);

    HttpResponse<String> uploaded = upload(id, "auth.log", content, "sshd log of bastion-2", null, "alice");

    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    JsonNode item = JSON.readTree(uploaded.body());
    String evidenceId = item.path("id").asText();
    assertThat(item.path("sha256").asText()).isEqualTo(sha256(content));
    assertThat(item.path("size").asLong()).isEqualTo(content.length);
    assertThat(item.path("name").asText()).isEqualTo("auth.log");
    assertThat(item.path("custodian").asText()).isEqualTo("alice");
    assertThat(item.path("uploadedBy").asText()).isEqualTo("alice");
    assertThat(item.has("supersedes")).isTrue();
    assertThat(item.path("supersedes").isNull()).isTrue();
    assertThat(uploaded.headers().firstValue("Location")).hasValue(path(id) + "/" + evidenceId);
    assertThat(Files.readAllBytes(store.pathOf(evidenceId))).isEqualTo(content);

    HttpResponse<byte[]> downloaded = http.getBytes(path(id) + "/" + evidenceId + "/content", "bob");
    assertThat(downloaded.statusCode()).isEqualTo(200);
    assertThat(downloaded.body()).isEqualTo(content);
    assertThat(downloaded.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(downloaded.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
        assertThat(v).startsWith("attachment").contains("auth.log"));
    assertThat(downloaded.headers().firstValue("Repr-Digest")).hasValue("sha-256=:"
        + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content)) + ":");

    HttpResponse<String> listed = http.get(path(id), "audrey");
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(JSON.readTree(listed.body())).extracting(n -> n.path("id").asText()).containsExactly(evidenceId);
    JsonNode custody = JSON.readTree(http.get(path(id) + "/" + evidenceId + "/custody", "audrey").body());
    assertThat(custody).extracting(n -> n.path("action").asText() + " by " + n.path("actor").asText())
        .containsExactly("uploaded by alice", "downloaded by bob");
    assertThat(custody.get(1).path("sha256").asText()).isEqualTo(sha256(content));
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind)
        .contains("evidence-uploaded", "evidence-downloaded");
  }

  @Test
  void aFileChangedOnDiskIsRefusedAtDownloadAndReportedToTheManagers() throws Exception {
    String id = report();
    byte[] content = random(50_000);
    String evidenceId = JSON.readTree(upload(id, "memory.dmp", content, "memory of host-7", null, "alice").body())
        .path("id").asText();
    double failuresBefore = failures();
    byte[] tampered = content.clone();
    tampered[1234] ^= 0x01;
    Files.write(store.pathOf(evidenceId), tampered);

    HttpResponse<byte[]> refused = http.getBytes(path(id) + "/" + evidenceId + "/content", "alice");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
        assertThat(t).startsWith("application/problem+json"));
    assertThat(JSON.readTree(refused.body()).path("detail").asText()).contains("no longer matches");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("evidence-integrity"))
        .singleElement().satisfies(e -> assertThat(e.summary()).contains("FAILED").contains(sha256(tampered)));
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind).doesNotContain("evidence-downloaded");
    JsonNode custody = JSON.readTree(http.get(path(id) + "/" + evidenceId + "/custody", "audrey").body());
    assertThat(custody.get(custody.size() - 1).path("result").asText()).isEqualTo("mismatch");
    assertThat(failures()).isEqualTo(failuresBefore + 1);
    assertThat(mail.getReceivedMessages()).anySatisfy(message -> assertManagersAlerted(message, id));

    HttpResponse<String> check = http.request("POST", path(id) + "/" + evidenceId + "/verify", "audrey");
    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
    assertThat(JSON.readTree(check.body()).path("result").asText()).isEqualTo("mismatch");
    assertThat(JSON.readTree(check.body()).path("found").asText()).isEqualTo(sha256(tampered));
    assertThat(failures()).isEqualTo(failuresBefore + 2);
  }

  @Test
  void aFileGoneFromTheStoreIsRefusedAndReported() throws Exception {
    String id = report();
    String evidenceId = JSON.readTree(upload(id, "mail.eml", random(3000), "phishing mail", null, "bob").body())
        .path("id").asText();
    double failuresBefore = failures();
    Files.delete(store.pathOf(evidenceId));

    HttpResponse<byte[]> refused = http.getBytes(path(id) + "/" + evidenceId + "/content", "bob");

    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(new String(refused.body())).contains("gone from the store");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("evidence-integrity"))
        .singleElement().satisfies(e -> assertThat(e.summary()).contains("FAILED").contains("gone"));
    assertThat(failures()).isEqualTo(failuresBefore + 1);
    JsonNode custody = JSON.readTree(http.get(path(id) + "/" + evidenceId + "/custody", "maria").body());
    assertThat(custody.get(custody.size() - 1).path("result").asText()).isEqualTo("missing");
  }

  @Test
  void anIntegrityCheckOfAnIntactFileIsRecorded() throws Exception {
    String id = report();
    byte[] content = random(10_000);
    String evidenceId = JSON.readTree(upload(id, "pcap.pcapng", content, "capture", null, "maria").body())
        .path("id").asText();

    HttpResponse<String> check = http.request("POST", path(id) + "/" + evidenceId + "/verify", "audrey");

    assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
    assertThat(JSON.readTree(check.body()).path("result").asText()).isEqualTo("intact");
    JsonNode custody = JSON.readTree(http.get(path(id) + "/" + evidenceId + "/custody", "maria").body());
    assertThat(custody.get(1).path("action").asText()).isEqualTo("verified");
    assertThat(custody.get(1).path("actor").asText()).isEqualTo("audrey");
    assertThat(custody.get(1).path("result").asText()).isEqualTo("intact");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("evidence-integrity"))
        .singleElement().satisfies(e -> assertThat(e.summary()).contains("intact"));
  }

  @Test
  void custodyChangesHandsOnlyFromTheCustodianOrAManagerAndEveryTransferIsLogged() throws Exception {
    String id = report();
    String evidenceId = JSON.readTree(upload(id, "disk.img", random(4096), "image of host-7", null, "alice").body())
        .path("id").asText();
    String custodyPath = path(id) + "/" + evidenceId + "/custody";

    assertProblem(http.postJson(custodyPath, "{\"to\":\"bob\",\"reason\":\"taking it\"}", "bob"), 403);
    assertProblem(http.postJson(custodyPath, "{\"to\":\"audrey\",\"reason\":\"for the audit\"}", "alice"), 400);
    assertProblem(http.postJson(custodyPath, "{\"to\":\"bob\"}", "alice"), 400);
    assertProblem(http.postJson(custodyPath, "{\"to\":\"alice\",\"reason\":\"again\"}", "alice"), 400);
    assertProblem(http.postJson(custodyPath, "{\"to\":\"bob\",\"reason\":\"for the audit\"}", "audrey"), 403);

    HttpResponse<String> handed = http.postJson(custodyPath, "{\"to\":\"bob\",\"reason\":\"Disk forensics at the lab\"}",
        "alice");
    assertThat(handed.statusCode()).as(handed.body()).isEqualTo(200);
    assertThat(JSON.readTree(handed.body()).path("custodian").asText()).isEqualTo("bob");
    HttpResponse<String> taken = http.postJson(custodyPath, "{\"to\":\"maria\",\"reason\":\"Legal hold\"}", "maria");
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);

    JsonNode custody = JSON.readTree(http.get(custodyPath, "audrey").body());
    assertThat(custody).filteredOn(n -> n.path("action").asText().equals("transferred"))
        .extracting(n -> n.path("actor").asText() + ": " + n.path("from").asText() + " -> " + n.path("to").asText()
            + " (" + n.path("reason").asText() + ")")
        .containsExactly("alice: alice -> bob (Disk forensics at the lab)", "maria: bob -> maria (Legal hold)");
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("evidence-custody")).hasSize(2);
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor).containsExactlyInAnyOrder("bob", "audrey");
    assertThat(evidence.require(id, evidenceId).custodian()).isEqualTo("maria");
  }

  @Test
  void aFileAboveTheLimitIsRefusedWith413AndNothingIsKept() throws Exception {
    String id = report();

    HttpResponse<String> refused = upload(id, "too-big.bin", random(LIMIT + 1), "one byte too many", null, "alice");

    JsonNode problem = assertProblem(refused, 413);
    assertThat(problem.path("detail").asText()).contains("file").contains(String.valueOf(LIMIT));
    assertThat(evidence.list(id)).isEmpty();
    assertThat(storedFiles()).noneMatch(p -> p.getFileName().toString().endsWith(".part"));
    assertThat(incidents.events(id)).extracting(IncidentEvent::kind).doesNotContain("evidence-uploaded");

    HttpResponse<String> declaredTooLarge = upload(id, "far-too-big.bin", random(LIMIT + 70_000), "refused by its length",
        null, "alice");
    assertProblem(declaredTooLarge, 413);
    assertThat(evidence.list(id)).isEmpty();
    assertThat(storedFiles()).noneMatch(p -> p.getFileName().toString().endsWith(".part"));

    HttpResponse<String> atTheLimit = upload(id, "just-fits.bin", random(LIMIT), "exactly the limit", null, "alice");
    assertThat(atTheLimit.statusCode()).as(atTheLimit.body()).isEqualTo(201);
  }

  @Test
  void concurrentUploadsAreAllKeptWithTheirOwnHashes() throws Exception {
    String id = report();
    int uploads = 8;
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      contents.add(random(100_000 + i * 7919));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(uploads);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < uploads; i++) {
        byte[] content = contents.get(i);
        String name = "part-" + i + ".bin";
        String user = i % 2 == 0 ? "alice" : "bob";
        answers.add(pool.submit(() -> {
          start.await();
          return upload(id, name, content, "parallel upload", null, user);
        }));
      }
      start.countDown();
      for (int i = 0; i < uploads; i++) {
        HttpResponse<String> answer = answers.get(i).get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode item = JSON.readTree(answer.body());
        assertThat(item.path("name").asText()).isEqualTo("part-" + i + ".bin");
        assertThat(item.path("sha256").asText()).isEqualTo(sha256(contents.get(i)));
        assertThat(Files.readAllBytes(store.pathOf(item.path("id").asText()))).isEqualTo(contents.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(evidence.list(id)).hasSize(uploads);
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("evidence-uploaded")).hasSize(uploads);
  }

  @Test
  void evidenceIsNeverChangedButCorrectedByAnItemThatSupersedesIt() throws Exception {
    String id = report();
    byte[] original = random(2000);
    String first = JSON.readTree(upload(id, "notes.txt", original, "first copy", null, "alice").body())
        .path("id").asText();

    HttpResponse<String> correction = upload(id, "notes.txt", random(2100), "complete copy", first, "bob");
    assertThat(correction.statusCode()).as(correction.body()).isEqualTo(201);
    String second = JSON.readTree(correction.body()).path("id").asText();
    assertThat(JSON.readTree(correction.body()).path("supersedes").asText()).isEqualTo(first);
    JsonNode old = JSON.readTree(http.get(path(id) + "/" + first, "audrey").body());
    assertThat(old.path("supersededBy").asText()).isEqualTo(second);
    assertThat(old.path("sha256").asText()).isEqualTo(sha256(original));

    assertProblem(upload(id, "notes.txt", random(10), "another", first, "alice"), 409);
    assertProblem(upload(id, "notes.txt", random(10), "another", UUID.randomUUID().toString(), "alice"), 400);
    assertProblem(upload(id, "notes.txt", random(10), "another", "not-an-id", "alice"), 400);
    assertThat(http.request("PUT", path(id) + "/" + first, "maria").statusCode()).isEqualTo(405);
    assertThat(http.request("DELETE", path(id) + "/" + first, "maria").statusCode()).isEqualTo(405);
    assertThat(Files.readAllBytes(store.pathOf(first))).isEqualTo(original);
    assertThat(evidence.list(id)).hasSize(2);
  }

  @Test
  void twoCorrectionsOfOneItemAtOnceLeaveExactlyOne() throws Exception {
    String id = report();
    String first = JSON.readTree(upload(id, "notes.txt", random(500), "first copy", null, "alice").body())
        .path("id").asText();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (String user : List.of("alice", "bob")) {
        answers.add(pool.submit(() -> {
          start.await();
          return upload(id, "notes.txt", random(600), "correction by " + user, first, user);
        }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        statuses.add(answer.get(60, TimeUnit.SECONDS).statusCode());
      }
      assertThat(statuses).containsExactlyInAnyOrder(201, 409);
    } finally {
      pool.shutdownNow();
    }
    assertThat(evidence.list(id)).filteredOn(e -> first.equals(e.supersedes())).hasSize(1);
  }

  @Test
  void auditorsReadTheLogButNeitherUploadNorDownloadAndCustomerContactsReachNothing() throws Exception {
    String id = report();
    String evidenceId = JSON.readTree(upload(id, "auth.log", random(100), "log", null, "alice").body())
        .path("id").asText();

    assertProblem(upload(id, "x.log", random(100), "an auditor's file", null, "audrey"), 403);
    assertThat(http.getBytes(path(id) + "/" + evidenceId + "/content", "audrey").statusCode()).isEqualTo(403);
    assertThat(http.getBytes(path(id) + "/" + evidenceId + "/content", "admin").statusCode()).isEqualTo(403);
    assertThat(http.get(path(id) + "/" + evidenceId, "audrey").statusCode()).isEqualTo(200);
    assertThat(http.get(path(id) + "/" + evidenceId + "/custody", "admin").statusCode()).isEqualTo(200);
    assertProblem(http.get(path(id), "carol"), 404);
    assertProblem(upload(id, "x.log", random(100), "a customer's file", null, "carol"), 404);
    assertProblem(upload(id, "x.log", random(100), "a machine's file", null, "siem"), 403);
    assertProblem(upload("SIR-1999-99999", "x.log", random(100), "nowhere", null, "alice"), 404);
    assertProblem(http.get(path(id) + "/" + UUID.randomUUID(), "alice"), 404);
    assertProblem(upload(id, "x.log", random(100), " ", null, "alice"), 400);
    assertProblem(http.postMultipart(path(id), List.of(Part.field("description", "no file")), "alice"), 400);

    assertThat(evidence.list(id)).hasSize(1);
    assertThat(incidents.events(id)).filteredOn(e -> e.kind().equals("access-denied"))
        .extracting(IncidentEvent::actor)
        .containsExactlyInAnyOrder("audrey", "audrey", "admin", "carol", "carol", "siem");
    JsonNode custody = JSON.readTree(http.get(path(id) + "/" + evidenceId + "/custody", "audrey").body());
    assertThat(custody).extracting(n -> n.path("action").asText()).containsExactly("uploaded");
  }

  HttpResponse<String> upload(String incidentId, String name, byte[] content, String description, String supersedes,
      String user) {
    List<Part> parts = new ArrayList<>();
    parts.add(Part.field("description", description));
    parts.add(Part.file("file", name, "application/octet-stream", content));
    if (supersedes != null) {
      parts.add(Part.field("supersedes", supersedes));
    }
    return http.postMultipart(path(incidentId), parts, user);
  }

  double failures() {
    return meters.get("irflow.evidence.integrity.failures").counter().count();
  }

  List<Path> storedFiles() throws Exception {
    try (Stream<Path> files = Files.walk(properties.store().directory())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  static void assertManagersAlerted(MimeMessage message, String incidentId) throws Exception {
    assertThat(message.getSubject()).contains(incidentId).contains("integrity");
    assertThat(message.getAllRecipients()).extracting(Object::toString).contains("incident-managers@irflow.example");
  }

  static String path(String incidentId) {
    return "/api/incidents/" + incidentId + "/evidence";
  }

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random().nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
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

  String report() throws Exception {
    HttpResponse<String> reported = http.postJson("/api/alerts", "{\"source\":\"evidence\",\"externalId\":\""
        + UUID.randomUUID() + "\",\"title\":\"Admin login from a new country\",\"severityHint\":\"low\"}", "siem");
    assertThat(reported.statusCode()).as(reported.body()).isEqualTo(201);
    return JSON.readTree(reported.body()).get("incidentId").asText();
  }
}
