package io.irflow.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies sent to the product's API are at most 256 KB (evidence uploads excepted); larger ones get 413 before anything
 * is read into memory.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

  static final int MAX_BYTES = 256 * 1024;
  private static final java.util.regex.Pattern EVIDENCE_UPLOAD =
      java.util.regex.Pattern.compile("/api/incidents/[^/]+/evidence");

  private final ObjectMapper json;

  RequestSizeLimit(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/api/") || isEvidenceUpload(request);
  }

  /** Evidence uploads are streamed to the evidence store and held to their own limit, irflow.evidence.max-size. */
  private static boolean isEvidenceUpload(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) && EVIDENCE_UPLOAD.matcher(request.getRequestURI()).matches();
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      json.writeValue(response.getOutputStream(), problem());
      return;
    }
    chain.doFilter(new Limited(request), response);
  }

  static ProblemDetail problem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
        "The body is larger than " + MAX_BYTES / 1024 + " KB.");
    problem.setTitle("Payload too large");
    return problem;
  }

  /** Thrown while reading a body without a declared length once it passes the limit. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("body larger than the limit");
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0 && ++read > MAX_BYTES) {
            throw new TooLarge();
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0 && (read += n) > MAX_BYTES) {
            throw new TooLarge();
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
