package io.irflow.identity;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The webapps' login form, read once and replayed to the webapps: the filter learns the user id without consuming
 * the body the login resource reads after it.
 */
final class LoginForm extends HttpServletRequestWrapper {

  /** A login form is a user id and a password; anything longer is refused, never passed on unthrottled. */
  static final int MAX_BYTES = 8 * 1024;

  static final class TooLarge extends IOException {
    TooLarge() {
      super("Login form larger than " + MAX_BYTES + " bytes");
    }
  }

  private final byte[] body;
  private final Map<String, String[]> parameters;

  private LoginForm(HttpServletRequest request, byte[] body) {
    super(request);
    this.body = body;
    Charset charset = request.getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(request.getCharacterEncoding());
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (body.length == 0) {
      // Another filter read the parameters (and with them the body) first: the container has them.
      request.getParameterMap().forEach((name, given) -> values.put(name, new ArrayList<>(List.of(given))));
    } else {
      parse(request.getQueryString(), charset, values);
      parse(new String(body, StandardCharsets.ISO_8859_1), charset, values);
    }
    Map<String, String[]> map = new LinkedHashMap<>();
    values.forEach((name, list) -> map.put(name, list.toArray(String[]::new)));
    this.parameters = Collections.unmodifiableMap(map);
  }

  static LoginForm read(HttpServletRequest request) throws IOException {
    InputStream in = request.getInputStream();
    byte[] body = in.readNBytes(MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      throw new TooLarge();
    }
    return new LoginForm(request, body);
  }

  /** The single value of the parameter; empty when it is missing or given more than once. */
  Optional<String> single(String name) {
    String[] values = parameters.get(name);
    return values != null && values.length == 1 ? Optional.of(values[0]) : Optional.empty();
  }

  boolean has(String name) {
    return parameters.containsKey(name);
  }

  private static void parse(String encoded, Charset charset, Map<String, List<String>> into) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
      into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  private static String decode(String s, Charset charset) {
    try {
      return URLDecoder.decode(s, charset);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public String getParameter(String name) {
    String[] values = parameters.get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return parameters;
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return Collections.enumeration(parameters.keySet());
  }

  @Override
  public String[] getParameterValues(String name) {
    String[] values = parameters.get(name);
    return values == null ? null : values.clone();
  }

  @Override
  public ServletInputStream getInputStream() {
    ByteArrayInputStream replay = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return replay.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return replay.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return replay.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      /** The body is already in memory: all of it is available at once, and then it is read. */
      @Override
      public void setReadListener(ReadListener listener) {
        try {
          if (replay.available() > 0) {
            listener.onDataAvailable();
          }
          listener.onAllDataRead();
        } catch (java.io.IOException e) {
          listener.onError(e);
        }
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }
}
