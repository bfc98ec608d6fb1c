package io.irflow.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A small HTTP client for tests against the running application, with or without HTTP Basic. Every response to
 * {@code /api/**} is checked against the application's OpenAPI document ({@link ApiContract}).
 */
public final class Http {

  private final HttpClient client = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String baseUrl;

  public Http(int port) {
    this.baseUrl = "http://localhost:" + port;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), null);
  }

  public HttpResponse<String> get(String path, String user) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), user);
  }

  public HttpResponse<String> postJson(String path, String json, String user) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), user);
  }

  public HttpResponse<String> request(String method, String path, String user) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}")), user);
  }

  /** One part of a multipart/form-data body: a field ({@code fileName} null) or a file. */
  public record Part(String name, String fileName, String contentType, byte[] content) {
    public static Part field(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    public static Part file(String name, String fileName, String contentType, byte[] content) {
      return new Part(name, fileName, contentType, content);
    }
  }

  /** Posts a multipart/form-data form. */
  public HttpResponse<String> postMultipart(String path, java.util.List<Part> parts, String user) {
    String boundary = "irflow-test-" + java.util.UUID.randomUUID();
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    for (Part part : parts) {
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
      if (part.fileName() != null) {
        head.append("; filename=\"").append(part.fileName()).append('"');
      }
      head.append("\r\n");
      if (part.contentType() != null) {
        head.append("Content-Type: ").append(part.contentType()).append("\r\n");
      }
      head.append("\r\n");
      body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes(part.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
  }

  /** A GET whose answer may be binary; the contract check sees a 200's bytes as ISO-8859-1 text, one char a byte. */
  public HttpResponse<byte[]> getBytes(String path, String user) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException("Request failed: " + e.getMessage(), e);
    }
    ApiContract.check(URI.create(baseUrl), built.method(), built.uri().getRawPath(), built.uri().getRawQuery(),
        response.statusCode(), response.headers().map(), new String(response.body(),
            response.statusCode() == 200 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    return response;
  }

  /**
   * Logs in to a webapp the way the browser does: fetch a page for the CSRF cookie and token, then
   * post the login form with them. Returns the login's HTTP status.
   */
  public int webappLogin(String user, String app) {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/")).build(),
          HttpResponse.BodyHandlers.ofString());
      String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
      HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-XSRF-TOKEN", token)
          .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
          HttpResponse.BodyHandlers.ofString());
      return login.statusCode();
    } catch (Exception e) {
      throw new IllegalStateException("Webapp login failed: " + e.getMessage(), e);
    }
  }

  /**
   * The webapp login with any password, optionally as if from another client address (X-Forwarded-For, honoured
   * when the test sets server.forward-headers-strategy=native). Returns the login's response.
   */
  public HttpResponse<String> webappLogin(String user, String password, String app, String forwardedFor) {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try {
      HttpRequest.Builder page = HttpRequest.newBuilder(uri("/camunda/app/" + app + "/default/"));
      HttpRequest.Builder login = HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
          .header("Content-Type", "application/x-www-form-urlencoded");
      if (forwardedFor != null) {
        page.header("X-Forwarded-For", forwardedFor);
        login.header("X-Forwarded-For", forwardedFor);
      }
      String token = browser.send(page.build(), HttpResponse.BodyHandlers.ofString())
          .headers().firstValue("X-XSRF-TOKEN").orElseThrow();
      String form = "username=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
          + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
      return browser.send(login.header("X-XSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("Webapp login failed: " + e.getMessage(), e);
    }
  }

  /** Demo users all have the password "demo". */
  public HttpResponse<String> send(HttpRequest.Builder request, String user) {
    if (user != null) {
      String credentials = user + ":demo";
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    HttpResponse<String> response;
    try {
      response = client.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("Request failed: " + e.getMessage(), e);
    }
    ApiContract.check(URI.create(baseUrl), built, response);
    return response;
  }

  public URI uri(String path) {
    return URI.create(baseUrl + path);
  }
}
