package io.irflow.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every error of {@code /engine-rest} and of the webapps' {@code /camunda/api/*} leaves as a plain-words
 * problem ({@link EngineErrors}): 400, 403 and 409 for refusals, no class names, no stack frames. Successful
 * responses pass through untouched; only an error body is held back to be rewritten.
 */
@Configuration
class EngineErrorFilter {

  private static final Logger log = LoggerFactory.getLogger(EngineErrorFilter.class);

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> engineErrors(ObjectMapper json) {
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        Capturing capturing = new Capturing(response);
        chain.doFilter(request, capturing);
        capturing.finish(json, request);
      }
    });
    registration.setName("irflow-engine-errors");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** Passes a success through; holds back an error body until the chain is done. */
  private static final class Capturing extends HttpServletResponseWrapper {
    private final HttpServletResponse response;
    private ByteArrayOutputStream held;
    private ServletOutputStream stream;
    private PrintWriter writer;

    Capturing(HttpServletResponse response) {
      super(response);
      this.response = response;
    }

    private boolean holding() {
      if (held == null && getStatus() >= 400) {
        held = new ByteArrayOutputStream();
      }
      return held != null;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        ServletOutputStream real = response.getOutputStream();
        stream = new ServletOutputStream() {
          @Override
          public void write(int b) throws IOException {
            if (holding()) {
              held.write(b);
            } else {
              real.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (holding()) {
              held.write(b, off, len);
            } else {
              real.write(b, off, len);
            }
          }

          @Override
          public void flush() throws IOException {
            if (!holding()) {
              real.flush();
            }
          }

          @Override
          public boolean isReady() {
            return real.isReady();
          }

          @Override
          public void setWriteListener(WriteListener listener) {
            real.setWriteListener(listener);
          }
        };
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8), true);
      }
      return writer;
    }

    @Override
    public void setContentLength(int len) {
      if (getStatus() < 400) {
        super.setContentLength(len);
      }
    }

    @Override
    public void setContentLengthLong(long len) {
      if (getStatus() < 400) {
        super.setContentLengthLong(len);
      }
    }

    @Override
    public void flushBuffer() throws IOException {
      if (getStatus() < 400) {
        super.flushBuffer();
      }
    }

    void finish(ObjectMapper json, HttpServletRequest request) throws IOException {
      if (writer != null) {
        writer.flush();
      }
      if (held == null) {
        if (getStatus() >= 400 && !response.isCommitted() && getStatus() != 401) {
          write(json, EngineErrors.rewrite(json, getStatus(), new byte[0]), request);
        }
        return;
      }
      byte[] body = held.toByteArray();
      ObjectNode problem = EngineErrors.rewrite(json, getStatus(), body);
      if (problem == null) {
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return;
      }
      write(json, problem, request);
    }

    private void write(ObjectMapper json, ObjectNode problem, HttpServletRequest request) throws IOException {
      if (response.isCommitted()) {
        return;
      }
      if (problem.get("status").asInt() >= 500) {
        log.warn("{} {} failed with {}", request.getMethod(), request.getRequestURI(), problem.get("status").asInt());
      }
      byte[] out = json.writeValueAsBytes(problem);
      response.setStatus(problem.get("status").asInt());
      // The webapps' clients read JSON; the engine API's clients get the problem media type.
      response.setContentType(request.getRequestURI().startsWith("/engine-rest")
          ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response.setContentLength(out.length);
      response.getOutputStream().write(out);
    }
  }
}
