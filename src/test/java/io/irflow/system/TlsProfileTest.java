package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Behind TLS one setting (the tls profile) makes the webapps' cookies Secure and turns on HSTS. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("tls")
@H2Test
class TlsProfileTest {

  @LocalServerPort int port;

  @Test
  void webappCookiesAreSecureAndHstsIsSent() {
    Http http = new Http(port);
    // As the terminating proxy forwards it: the original request was HTTPS.
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(http.uri("/camunda/app/tasklist/default/"))
        .header("X-Forwarded-Proto", "https"), null);
    assertThat(page.headers().allValues("Set-Cookie")).isNotEmpty()
        .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("Secure"));
    assertThat(page.headers().firstValue("Strict-Transport-Security"))
        .hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000"));
  }
}
