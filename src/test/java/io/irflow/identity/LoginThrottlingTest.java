package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import io.irflow.testsupport.TestClock;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

/**
 * Guessing a password blocks the guesser's address for that user, never the user: the real client at another
 * address, and the machine account's API token, keep working. Client addresses are simulated with
 * X-Forwarded-For (honoured from the loopback proxy with server.forward-headers-strategy=native).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class LoginThrottlingTest {

  @TestConfiguration
  static class Clocks {
    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired TestClock clock;

  Http http() {
    return new Http(port);
  }

  /** A source address of its own for each test, so the tests do not block one another. */
  static String address() {
    return "203.0.113." + (1 + Math.floorMod(UUID.randomUUID().hashCode(), 250));
  }

  HttpResponse<String> basic(String path, String user, String password, String from) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http().send(HttpRequest.newBuilder(http().uri(path)).header("Authorization", "Basic " + credentials)
        .header("X-Forwarded-For", from).GET(), null);
  }

  void guess(String user, String from, int times) {
    for (int i = 0; i < times; i++) {
      HttpResponse<String> response = basic("/api/whoami", user, "guess-" + i, from);
      assertThat(response.statusCode()).as("guess %d", i + 1).isIn(401, 429);
    }
  }

  @Test
  void guessingAPasswordBlocksTheGuessersAddressWithIncreasingWaits() {
    String attacker = "198.51.100.66";
    for (int i = 1; i <= LoginThrottle.FREE_FAILURES + 1; i++) {
      assertThat(basic("/api/whoami", "siem", "guess-" + i, attacker).statusCode()).as("guess %d", i).isEqualTo(401);
    }

    HttpResponse<String> blocked = basic("/api/whoami", "siem", "guess-7", attacker);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(blocked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(blocked.body()).contains("\"status\":429");

    HttpResponse<String> rightPassword = basic("/api/whoami", "siem", "demo", attacker);
    assertThat(rightPassword.statusCode()).as("refused without looking at the password").isEqualTo(429);

    assertThat(basic("/api/whoami", "siem", "demo", "192.0.2.10").statusCode()).as("the real client's address").isEqualTo(200);

    clock.advance(Duration.ofSeconds(2));
    assertThat(basic("/api/whoami", "siem", "guess-8", attacker).statusCode()).isEqualTo(401);
    HttpResponse<String> longer = basic("/api/whoami", "siem", "demo", attacker);
    assertThat(longer.statusCode()).isEqualTo(429);
    assertThat(longer.headers().firstValue("Retry-After")).hasValue("4");

    clock.advance(Duration.ofSeconds(4));
    assertThat(basic("/api/whoami", "siem", "demo", attacker).statusCode()).as("the block ended by itself").isEqualTo(200);
  }

  @Test
  void noAmountOfGuessingLocksAnAddressOutForMoreThanFifteenMinutes() {
    String attacker = address();
    for (int i = 0; i < 25; i++) {
      guess("bob", attacker, 1);
      clock.advance(Duration.ofMinutes(16));
    }
    guess("bob", attacker, 25);
    HttpResponse<String> blocked = basic("/api/whoami", "bob", "demo", attacker);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);

    clock.advance(Duration.ofMinutes(15));
    assertThat(basic("/api/whoami", "bob", "demo", attacker).statusCode()).isEqualTo(200);
  }

  @Test
  void anApiTokenKeepsPostingAlertsWhileThePasswordIsGuessed() throws Exception {
    HttpResponse<String> issued = http().postJson("/api/tokens", "{\"userId\":\"siem\",\"name\":\"siem-throttle-test\"}", "admin");
    assertThat(issued.statusCode()).isEqualTo(201);
    String token = JSON.readTree(issued.body()).get("token").asText();
    String attacker = address();

    guess("siem", attacker, 10);
    assertThat(basic("/api/whoami", "siem", "demo", attacker).statusCode()).isEqualTo(429);

    HttpResponse<String> alert = http().send(HttpRequest.newBuilder(http().uri("/api/alerts"))
        .header("Authorization", "Bearer " + token).header("X-Forwarded-For", attacker)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"siem.throttle\",\"externalId\":\"" + UUID.randomUUID()
            + "\",\"title\":\"Password spraying\",\"category\":\"unauthorized-access\",\"severityHint\":\"low\","
            + "\"dataClassification\":\"internal\"}")), null);
    assertThat(alert.statusCode()).as(alert.body()).isEqualTo(201);
  }

  @Test
  void wrongTokensNeverCountAsFailedPasswords() {
    String client = address();
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> response = http().send(HttpRequest.newBuilder(http().uri("/api/whoami"))
          .header("Authorization", "Bearer irf_" + "x".repeat(43)).header("X-Forwarded-For", client).GET(), null);
      assertThat(response.statusCode()).isEqualTo(401);
    }
    assertThat(basic("/api/whoami", "siem", "demo", client).statusCode()).isEqualTo(200);
  }

  @Test
  void theWebappLoginIsThrottledPerUserAndAddressToo() {
    String attacker = address();
    for (int i = 1; i <= LoginThrottle.FREE_FAILURES + 1; i++) {
      assertThat(http().webappLogin("alice", "guess-" + i, "tasklist", attacker).statusCode()).as("guess %d", i).isEqualTo(401);
    }

    HttpResponse<String> blocked = http().webappLogin("alice", "demo", "tasklist", attacker);
    assertThat(blocked.statusCode()).isEqualTo(429);
    assertThat(blocked.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(blocked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(basic("/api/whoami", "alice", "demo", attacker).statusCode()).as("the same pair on the API").isEqualTo(429);

    assertThat(http().webappLogin("alice", "demo", "tasklist", address() + "1").statusCode()).isEqualTo(200);

    clock.advance(Duration.ofSeconds(2));
    assertThat(http().webappLogin("alice", "demo", "tasklist", attacker).statusCode()).isEqualTo(200);
  }
}
