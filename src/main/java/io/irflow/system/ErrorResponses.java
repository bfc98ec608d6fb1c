package io.irflow.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Errors that never reach a controller are RFC 7807 problems too:
 * <ul>
 *   <li>those the servlet container sends to its error page ({@code /error}), for example the 400 of Spring
 *       Security's firewall for a path with {@code %2e} or {@code ..}: for a request to {@code /api} the error
 *       dispatch is answered here, before Spring Boot's error controller;
 *   <li>those Tomcat answers in the connector, before any application code runs (an invalid escape such as
 *       {@code %zz}, {@code %00} in the path, a header over the size limit): the host's error report, which would be
 *       an HTML page, is a problem instead, for every path. It is written only when nothing else wrote a body.
 * </ul>
 * Neither names a class, repeats the rejected input or carries a stack trace.
 */
@Configuration(proxyBeanMethods = false)
class ErrorResponses {

  @Bean
  FilterRegistrationBean<Filter> apiErrorDispatch(ObjectMapper json) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ApiErrorDispatch(json));
    registration.setName("irflow-api-error-dispatch");
    registration.setDispatcherTypes(DispatcherType.ERROR);
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return new WebServerFactoryCustomizer<>() {
      @Override
      public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
          // Spring Boot adds a plain ErrorReportValve to the host (server.error.include-stacktrace=never): replace it.
          StandardHost host = (StandardHost) context.getParent();
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
              host.getPipeline().removeValve(valve);
            }
          }
          host.setErrorReportValveClass(ProblemReportValve.class.getName());
          host.getPipeline().addValve(new ProblemReportValve());
        });
      }
    };
  }

  static String detail(int status) {
    return switch (status) {
      case 400 -> "The request's URL, headers or body are malformed or not allowed.";
      case 404 -> "Nothing is found at this address.";
      case 405 -> "This method is not supported here.";
      case 413 -> "The request is larger than allowed.";
      case 431 -> "The request headers are larger than allowed.";
      case 501 -> "This method is not implemented.";
      default -> status >= 500 ? "The request could not be completed." : "The request could not be processed.";
    };
  }

  static String title(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? (status >= 500 ? "Server error" : "Client error") : known.getReasonPhrase();
  }

  /** Answers the error dispatch of a request to /api with a problem. */
  static final class ApiErrorDispatch implements Filter {

    private final ObjectMapper json;

    ApiErrorDispatch(ObjectMapper json) {
      this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
      if (request.getDispatcherType() != DispatcherType.ERROR || !(uri instanceof String path) || !isApi(path)
          || !(code instanceof Integer status) || response.isCommitted()) {
        chain.doFilter(req, res);
        return;
      }
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail(status));
      problem.setTitle(title(status));
      response.resetBuffer();
      response.setStatus(status);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      json.writeValue(response.getOutputStream(), problem);
    }

    private static boolean isApi(String path) {
      return path.equals("/api") || path.startsWith("/api/");
    }
  }

  /** The host's error report as a problem: for errors Tomcat answers itself, when nothing else wrote a body. */
  public static class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      AtomicBoolean ioAllowed = new AtomicBoolean(false);
      response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
      if (!ioAllowed.get()) {
        return;
      }
      String body = "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status
          + ",\"detail\":\"" + detail(status) + "\"}";
      try {
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(body);
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // The client is gone or the response is already on its way: nothing more to say.
      }
    }
  }
}
