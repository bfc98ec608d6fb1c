package io.irflow.acknowledgement;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a customer's contact reaches from the link in a notice: not under {@code /api} and without login (see
 * identity/SecurityConfiguration). {@code GET} only shows the notice's incident and a confirm button, because mail
 * scanners follow links; {@code POST} (the button) records the acknowledgement. Refusals are small HTML pages with
 * the status of their reason (400 damaged, 403 not confirmed on the page, 404 not this notice, 409 already
 * acknowledged, 410 expired).
 */
@Controller
class AcknowledgementController {

  static final String PATH = "/ack/{token}";
  static final String FORM_CHECK = "check";

  private final AcknowledgementService acknowledgements;

  AcknowledgementController(AcknowledgementService acknowledgements) {
    this.acknowledgements = acknowledgements;
  }

  @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> page(@PathVariable String token) {
    AcknowledgementService.Open open = acknowledgements.check(token);
    return html(HttpStatus.OK, "Confirm receipt of a security notice", "<p>We sent <strong>"
        + escape(open.claims().contact()) + "</strong> a security notice about incident <strong>"
        + escape(open.claims().incidentId()) + "</strong> for <strong>" + escape(open.customerName())
        + "</strong>.</p>\n<p>Please confirm that you received it.</p>\n<form method=\"post\" action=\"\">\n"
        + "<input type=\"hidden\" name=\"" + FORM_CHECK + "\" value=\"" + escape(open.formCheck()) + "\">\n"
        + "<button type=\"submit\">I confirm that we received this notice</button>\n</form>");
  }

  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
  ResponseEntity<String> acknowledge(@PathVariable String token,
      @RequestParam(name = FORM_CHECK, required = false) String check, HttpServletRequest request) {
    AcknowledgementService.Recorded recorded = acknowledgements.acknowledge(token, check, request.getRemoteAddr(),
        request.getHeader("User-Agent"));
    return html(HttpStatus.OK, "Thank you", "<p>The receipt of the security notice about incident <strong>"
        + escape(recorded.incidentId()) + "</strong> is confirmed by <strong>" + escape(recorded.contact())
        + "</strong> at " + escape(recorded.at().toString()) + ".</p>");
  }

  @ExceptionHandler(AcknowledgementService.Refused.class)
  ResponseEntity<String> refused(AcknowledgementService.Refused refused) {
    return html(refused.refusal.status, refused.refusal.title, "<p>" + escape(refused.refusal.detail) + "</p>");
  }

  /** Never cached, never indexed, the token never leaves in a Referer header. */
  private static ResponseEntity<String> html(HttpStatus status, String title, String body) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore()).header("X-Robots-Tag", "noindex, nofollow")
        .header("Referrer-Policy", "no-referrer")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'")
        .body("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"robots\" "
            + "content=\"noindex\"><title>" + escape(title) + "</title></head>\n<body style=\"font-family: Arial, "
            + "Helvetica, sans-serif; max-width: 640px; margin: 40px auto;\">\n<h1>" + escape(title) + "</h1>\n" + body
            + "\n</body>\n</html>\n");
  }

  private static String escape(String value) {
    return value == null ? "" : HtmlUtils.htmlEscape(value, StandardCharsets.UTF_8.name());
  }
}
