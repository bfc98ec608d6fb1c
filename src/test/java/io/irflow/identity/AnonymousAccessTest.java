package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.rest.impl.CamundaRestResources;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Enumerates every route of the application (Spring MVC and actuator mappings, the engine's JAX-RS
 * resources, the webapps' REST API) and fails when one answers an anonymous request with anything
 * but 401 or 403. Only {@code /actuator/health} is public, and it says no more than UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class AnonymousAccessTest {

  /**
   * Public on purpose: the health probe, Spring's error page (it renders errors of other requests), and the
   * acknowledgement link of customer notices (GET shows a confirm button, POST records; the signed token is the
   * credential, and a link that is not one answers 400 with nothing of any notice).
   */
  static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/**", "/error", "/ack/{token}");

  static final List<String> WEBAPP_API = List.of(
      "/camunda/api/engine/engine/default/task",
      "/camunda/api/engine/engine/default/process-instance",
      "/camunda/api/engine/engine/default/history/process-instance",
      "/camunda/api/engine/engine/default/user",
      "/camunda/api/engine/engine/default/filter",
      "/camunda/api/engine/engine/default/deployment",
      "/camunda/api/cockpit/plugin/base/default/process-definition/statistics",
      "/camunda/api/tasklist/plugin/tasklist-plugin/default/process-definition",
      "/camunda/api/admin/plugin/adminPlugins/default/users");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @Test
  void noRouteAnswersAnAnonymousRequest() {
    Http http = new Http(port);
    List<String> routes = new ArrayList<>();
    routes.addAll(springRoutes());
    routes.addAll(engineRestRoutes());
    WEBAPP_API.forEach(path -> routes.add("GET " + path));
    assertThat(routes).as("enumerated routes").hasSizeGreaterThan(40)
        .anyMatch(r -> r.contains("/api/whoami")).anyMatch(r -> r.contains("/engine-rest/task"));

    List<String> reachable = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1);
      HttpResponse<String> response = http.request(method, path, null);
      if (response.statusCode() != 401 && response.statusCode() != 403) {
        reachable.add(route + " -> " + response.statusCode());
      }
    }
    assertThat(reachable).as("routes reachable without authentication").isEmpty();
  }

  @Test
  void theAcknowledgementLinkIsPublicButSaysNothingWithoutAValidTokenAndTakesNoOtherMethod() {
    Http http = new Http(port);
    HttpResponse<String> page = http.get("/ack/not-a-token");
    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.body()).contains("not valid").doesNotContain("SIR-");
    assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(http.request("POST", "/ack/not-a-token", null).statusCode()).isBetween(400, 415);
    assertThat(http.request("DELETE", "/ack/not-a-token", null).statusCode()).isIn(401, 403);
    assertThat(http.get("/ack/not-a-token/more").statusCode()).isIn(401, 403);
  }

  @Test
  void healthIsPublicAndShowsNoDetails() {
    HttpResponse<String> health = new Http(port).get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void metricsNeedAManager() {
    Http http = new Http(port);
    assertThat(http.get("/actuator/metrics").statusCode()).isEqualTo(401);
    assertThat(http.get("/actuator/metrics", "alice").statusCode()).isEqualTo(403);
    assertThat(http.get("/actuator/metrics", "maria").statusCode()).isEqualTo(200);
  }

  private Set<String> springRoutes() {
    Set<String> routes = new TreeSet<>();
    for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (PUBLIC.contains(pattern)) {
            continue;
          }
          String path = pattern.replaceAll("\\{\\*?[^}]+}", "x").replace("/**", "/x");
          if (methods.isEmpty()) {
            routes.add("GET " + path);
            routes.add("POST " + path);
          }
          methods.forEach(m -> routes.add(m.name() + " " + path));
        }
      }
    }
    return routes;
  }

  private Set<String> engineRestRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Class<?> resource : CamundaRestResources.getResourceClasses()) {
      Path root = findPath(resource);
      if (root == null) {
        continue;
      }
      String base = "/engine-rest" + ("/".equals(root.value()) ? "" : root.value().replaceAll("\\{[^}]+}", "default"));
      routes.add("GET " + (base.isEmpty() ? "/engine-rest/" : base));
      for (Method method : resource.getMethods()) {
        Path sub = method.getAnnotation(Path.class);
        if (sub != null) {
          String path = base + sub.value().replaceAll("\\{[^}]+}", "x");
          routes.add("GET " + path);
          routes.add("POST " + path);
        }
      }
    }
    return routes;
  }

  private static Path findPath(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getAnnotation(Path.class) != null) {
        return c.getAnnotation(Path.class);
      }
      for (Class<?> i : c.getInterfaces()) {
        if (i.getAnnotation(Path.class) != null) {
          return i.getAnnotation(Path.class);
        }
      }
    }
    return null;
  }
}
