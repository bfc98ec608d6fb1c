package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.ApiContract;
import io.irflow.testsupport.PostgresTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error of the API is an RFC 7807 problem, also those answered before a controller runs: by Tomcat's connector
 * (invalid escapes, NUL in the path, headers over the limit), by Spring Security's firewall (encoded dots, "..",
 * "//") and by Spring MVC (405, 406, 415). Requests go over a raw socket, so that URLs no HTTP client would send
 * reach the server as written. Each answer to {@code /api} is also checked against the API contract ({@link ApiContract}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class ErrorResponsesTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String MARIA = "Authorization: Basic " + Base64.getEncoder().encodeToString("maria:demo".getBytes(StandardCharsets.UTF_8));
  static final String SIEM = "Authorization: Basic " + Base64.getEncoder().encodeToString("siem:demo".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort int port;

  record Answer(int status, Map<String, String> headers, String body) {}

  static Stream<Arguments> refusedRequests() {
    String hugeHeader = "X-Padding: " + "a".repeat(20_000);
    return Stream.of(
        Arguments.of("NUL in the path (Tomcat)", "GET /api/incidents/%00 HTTP/1.1", MARIA, "", 400),
        Arguments.of("invalid escape (Tomcat)", "GET /api/incidents/%zz HTTP/1.1", MARIA, "", 400),
        Arguments.of("invalid escape outside /api (Tomcat)", "GET /camunda/%zz HTTP/1.1", null, "", 400),
        Arguments.of("header over the size limit (Tomcat)", "GET /api/incidents HTTP/1.1", MARIA + "\r\n" + hugeHeader, "", 400),
        Arguments.of("encoded dots (firewall)", "GET /api/incidents/%2e%2e/x HTTP/1.1", MARIA, "", 400),
        Arguments.of("dot segments (firewall)", "GET /api/../x HTTP/1.1", MARIA, "", 400),
        Arguments.of("double slash (firewall)", "GET /api/incidents//x HTTP/1.1", MARIA, "", 400),
        Arguments.of("encoded dots without credentials (firewall)", "GET /api/incidents/%2e%2e/x HTTP/1.1", null, "", 400),
        Arguments.of("method not allowed", "DELETE /api/incidents HTTP/1.1", MARIA, "", 405),
        Arguments.of("unsupported content type", "POST /api/alerts HTTP/1.1", SIEM + "\r\nContent-Type: text/plain", "x", 415),
        Arguments.of("not acceptable", "GET /api/incidents HTTP/1.1", MARIA + "\r\nAccept: text/html", "", 406),
        Arguments.of("unknown route", "GET /api/nothing-here HTTP/1.1", MARIA, "", 404),
        Arguments.of("without credentials", "GET /api/incidents HTTP/1.1", null, "", 401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedRequests")
  void answersEveryRefusalWithAProblem(String label, String requestLine, String headers, String body, int status)
      throws Exception {
    Answer answer = send(requestLine, headers, body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.get("type").asText()).isNotBlank();
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception", "org.apache", "springframework", "<html", "Tomcat", "\tat ");
  }

  @Test
  void unauthenticatedRequestsStillAskForCredentials() throws Exception {
    Answer answer = send("GET /api/incidents HTTP/1.1", null, "");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.headers().get("www-authenticate")).startsWith("Basic");
  }

  private Answer send(String requestLine, String headers, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String head = requestLine + "\r\nHost: localhost:" + port + "\r\nConnection: close\r\n"
          + (headers == null ? "" : headers + "\r\n")
          + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "") + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      Answer answer = parse(socket.getInputStream().readAllBytes());
      String[] request = requestLine.split(" ");
      int query = request[1].indexOf('?');
      ApiContract.check(URI.create("http://localhost:" + port), request[0],
          query < 0 ? request[1] : request[1].substring(0, query), query < 0 ? null : request[1].substring(query + 1),
          answer.status(), answer.headers().entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), answer.body());
      return answer;
    }
  }

  private static Answer parse(byte[] raw) {
    String all = new String(raw, StandardCharsets.UTF_8);
    int end = all.indexOf("\r\n\r\n");
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = all.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(status, headers, body);
  }

  private static String unchunk(String chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
    int position = 0;
    while (true) {
      int lineEnd = indexOf(bytes, position);
      int size = Integer.parseInt(new String(bytes, position, lineEnd - position, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toString(StandardCharsets.UTF_8);
      }
      out.write(bytes, lineEnd + 2, size);
      position = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("Incomplete chunked body");
  }
}
