package io.irflow.testsupport;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A browser-like session of Camunda's webapps: logged in through the login form, with the session cookie and the
 * CSRF token the webapps require, calling {@code /camunda/api/engine/engine/default/...} the way Tasklist does.
 */
public final class WebappSession {

  public static final String ENGINE_API = "/camunda/api/engine/engine/default";

  private final HttpClient client;
  private final CookieManager cookies = new CookieManager();
  private final String baseUrl;
  private String csrfToken;
  private int loginStatus;

  private WebappSession(int port) {
    this.baseUrl = "http://localhost:" + port;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Logs {@code user} (password "demo") in to {@code app}; check {@link #loginStatus()}. */
  public static WebappSession login(int port, String user, String app) {
    WebappSession session = new WebappSession(port);
    HttpResponse<String> page = session.send(HttpRequest.newBuilder(session.uri("/camunda/app/" + app + "/default/")).GET());
    session.csrfToken = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    HttpResponse<String> login = session.send(HttpRequest.newBuilder(session.uri("/camunda/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")));
    session.loginStatus = login.statusCode();
    // The login starts a new session with a new CSRF token: fetch it the way the webapps do, with a read.
    HttpResponse<String> read = session.send(HttpRequest.newBuilder(session.uri(ENGINE_API + "/task/count")).GET());
    read.headers().firstValue("X-XSRF-TOKEN").ifPresent(token -> session.csrfToken = token);
    return session;
  }

  /** No login at all: what an anonymous caller of the webapps' API gets. */
  public static WebappSession anonymous(int port) {
    WebappSession session = new WebappSession(port);
    HttpResponse<String> page = session.send(HttpRequest.newBuilder(session.uri("/camunda/app/tasklist/default/")).GET());
    session.csrfToken = page.headers().firstValue("X-XSRF-TOKEN").orElse("none");
    return session;
  }

  public int loginStatus() {
    return loginStatus;
  }

  public HttpResponse<String> request(String method, String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
  }

  /** The same request with the session cookie only, as a page of another site could make it (no CSRF header). */
  public HttpResponse<String> requestWithoutCsrfToken(String method, String path) {
    String token = csrfToken;
    csrfToken = null;
    try {
      return send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json")
          .method(method, HttpRequest.BodyPublishers.noBody()));
    } finally {
      csrfToken = token;
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    if (csrfToken != null) {
      request.header("X-XSRF-TOKEN", csrfToken);
    }
    for (HttpCookie cookie : cookies.getCookieStore().get(URI.create(baseUrl))) {
      if ("XSRF-TOKEN".equals(cookie.getName()) && csrfToken == null) {
        csrfToken = cookie.getValue();
      }
    }
    try {
      return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("Request failed: " + e.getMessage(), e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }
}
