package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.Http;
import java.net.http.HttpResponse;

/** What "the application runs" means, on any database. */
final class ApplicationSmoke {

  static void assertServesEverything(Http http) {
    // The root sends people to the webapps.
    HttpResponse<String> root = http.get("/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/camunda/app/"));

    // Tasklist and Cockpit serve their pages (the login is inside the app).
    HttpResponse<String> tasklist = http.get("/camunda/app/tasklist/default/");
    assertThat(tasklist.statusCode()).isEqualTo(200);
    assertThat(tasklist.body()).contains("<html");
    assertThat(http.get("/camunda/app/cockpit/default/").statusCode()).isEqualTo(200);

    // The webapps' login accepts a demo user.
    assertThat(http.webappLogin("alice", "tasklist")).isEqualTo(200);

    // The engine's REST API answers an authenticated user.
    HttpResponse<String> engines = http.get("/engine-rest/engine", "maria");
    assertThat(engines.statusCode()).isEqualTo(200);
    assertThat(engines.body()).contains("\"name\":\"default\"");
    HttpResponse<String> definitions = http.get("/engine-rest/process-definition?key=securityIncident&maxResults=10", "maria");
    assertThat(definitions.statusCode()).isEqualTo(200);
    assertThat(definitions.body()).contains("\"key\":\"securityIncident\"");

    // The product's API answers under /api and asks for credentials.
    assertThat(http.get("/api/whoami").statusCode()).isEqualTo(401);
    HttpResponse<String> whoami = http.get("/api/whoami", "alice");
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("\"userId\":\"alice\"").contains("responders");

    // Health is public and says nothing more than UP.
    HttpResponse<String> health = http.get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  private ApplicationSmoke() {}
}
