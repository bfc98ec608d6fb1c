package io.irflow.benchmark;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The benchmarks' HTTP client: one blocking request on the calling thread over a kept-alive connection (the JDK reuses
 * it once the body is read), HTTP Basic as a demo user (password {@code demo}). The load generator shares the machine
 * with the application, so it should cost as little as possible.
 */
record Http(String base) {

  record Response(int status, String body) {}

  Response get(String path, String user) {
    return send("GET", path, null, user);
  }

  Response post(String path, String json, String user) {
    return send("POST", path, json, user);
  }

  Response send(String method, String path, String json, String user) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout(5_000);
      connection.setReadTimeout(120_000);
      connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":demo").getBytes(StandardCharsets.UTF_8)));
      if (json != null || "POST".equals(method)) {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (Exception e) {
      return new Response(-1, e.toString());
    }
  }
}
