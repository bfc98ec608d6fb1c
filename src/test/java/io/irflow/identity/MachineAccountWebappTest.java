package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Machine accounts (alert-sources) reach the product's API only: every webapp login is refused, whatever the password. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class MachineAccountWebappTest {

  @LocalServerPort int port;

  @Test
  void aMachineAccountCannotLogInToAnyWebapp() {
    Http http = new Http(port);
    for (String app : new String[] {"welcome", "tasklist", "cockpit", "admin"}) {
      assertThat(http.webappLogin("siem", app)).as(app).isEqualTo(403);
      HttpResponse<String> wrongPassword = http.webappLogin("siem", "not-the-password", app, null);
      assertThat(wrongPassword.statusCode()).as(app).isEqualTo(403);
      assertThat(wrongPassword.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(wrongPassword.body()).contains("machine account");
    }
  }

  @Test
  void peopleStillLogInToTheirWebapps() {
    Http http = new Http(port);
    assertThat(http.webappLogin("alice", "welcome")).isEqualTo(200);
    assertThat(http.webappLogin("alice", "tasklist")).isEqualTo(200);
    assertThat(http.webappLogin("maria", "cockpit")).isEqualTo(200);
    assertThat(http.webappLogin("admin", "admin")).isEqualTo(200);
    assertThat(http.webappLogin("alice", "wrong", "tasklist", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theMachineAccountKeepsItsApi() {
    Http http = new Http(port);
    assertThat(http.get("/api/whoami", "siem").statusCode()).isEqualTo(200);
  }
}
