package io.irflow.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port that receives webhooks the way a tool or a chat service would: it
 * records every request and answers with a success status, or with 503 for as many requests as it is told to fail.
 */
public final class WebhookReceiver {

  /** One request as it arrived. */
  public record Received(String path, byte[] body, Map<String, List<String>> headers) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final HttpServer server;

  private WebhookReceiver(int successStatus) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(new Received(exchange.getRequestURI().getPath(), body, Map.copyOf(exchange.getRequestHeaders())));
      boolean fail = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
      exchange.sendResponseHeaders(fail ? 503 : successStatus, -1);
      exchange.close();
    });
    server.start();
  }

  /** Starts a receiver that answers {@code successStatus} (e.g. 202 or 204) when it does not fail. */
  public static WebhookReceiver start(int successStatus) {
    return new WebhookReceiver(successStatus);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Received> received() {
    return received;
  }

  /** The first request to {@code path}. */
  public Received first(String path) {
    return received.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
  }

  /** Answers the next {@code n} requests with 503. */
  public void failNext(int n) {
    failuresLeft.set(n);
  }

  /** Forgets what arrived and fails nothing. */
  public void reset() {
    received.clear();
    failuresLeft.set(0);
  }

  public void stop() {
    server.stop(0);
  }
}
