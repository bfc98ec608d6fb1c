package io.irflow.customer;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.HtmlUtils;

/**
 * The read-only page of a customer security contact, {@code /customer/}: its organisation's notices as the API lists
 * them, rendered on the server with every text escaped, and a button per notice to acknowledge it. The browser
 * authenticates with HTTP Basic. The acknowledgement form is accepted from this page only: a cross-site post (by its
 * {@code Sec-Fetch-Site} or {@code Origin}) is refused, and the page allows no script at all.
 */
@Controller
class CustomerPage {

  static final String PATH = "/customer/";
  private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
      + "frame-ancestors 'none'; base-uri 'none'";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

  private final CustomerContacts contacts;
  private final CustomerNotices notices;

  CustomerPage(CustomerContacts contacts, CustomerNotices notices) {
    this.contacts = contacts;
    this.notices = notices;
  }

  @GetMapping("/customer")
  ResponseEntity<Void> toPage() {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(PATH)).build();
  }

  @GetMapping(PATH)
  ResponseEntity<String> page(Authentication user) {
    String customerId = customerOf(user);
    return html(HttpStatus.OK, render(user.getName(), customerId, notices.list(customerId)));
  }

  @PostMapping("/customer/notices/{noticeId}/acknowledgement")
  ResponseEntity<String> acknowledge(@PathVariable String noticeId, Authentication user, HttpServletRequest request) {
    if (crossSite(request)) {
      throw new CustomerException(403, "Acknowledge from your notices page, " + PATH + ".");
    }
    notices.acknowledge(customerOf(user), noticeId, user.getName());
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(PATH)).build();
  }

  @ExceptionHandler(CustomerException.class)
  ResponseEntity<String> refused(CustomerException e) {
    return html(HttpStatus.valueOf(e.status()), document("Notices", "<p>" + escape(e.getMessage()) + "</p>"
        + "<p><a href=\"" + PATH + "\">Back to your notices</a></p>"));
  }

  /** A browser says where a form post comes from: Sec-Fetch-Site, or else Origin. Clients without either are no browsers. */
  static boolean crossSite(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !site.equals("same-origin") && !site.equals("none");
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getHeader(HttpHeaders.HOST);
    try {
      URI uri = URI.create(origin);
      return host == null || uri.getAuthority() == null || !uri.getAuthority().equalsIgnoreCase(host);
    } catch (IllegalArgumentException malformed) {
      return true;
    }
  }

  static String render(String userId, String customerId, List<CustomerNotices.CustomerNotice> list) {
    StringBuilder body = new StringBuilder();
    body.append("<p>Signed in as <b>").append(escape(userId)).append("</b>, security contact of <b>")
        .append(escape(customerId)).append("</b>. To sign out, close the browser.</p>");
    if (list.isEmpty()) {
      body.append("<p>No notices have been sent to your organisation.</p>");
    }
    for (CustomerNotices.CustomerNotice n : list) {
      body.append("<section><h2>").append(escape(n.subject())).append("</h2><dl>")
          .append(term("Incident", n.incidentId())).append(term("Kind", n.kind())).append(term("Sent by", n.channel()))
          .append(term("Sent", time(n.sentAt()))).append(term("Delivered", time(n.deliveredAt())));
      if (n.acknowledgement() != null) {
        body.append(term("Acknowledged", "by " + n.acknowledgement().by() + " at " + time(n.acknowledgement().at())));
      }
      body.append("</dl><pre>").append(escape(n.text())).append("</pre>");
      if (n.acknowledgement() == null) {
        body.append("<form method=\"post\" action=\"/customer/notices/").append(escape(n.id()))
            .append("/acknowledgement\"><button type=\"submit\">Acknowledge</button></form>");
      }
      body.append("</section>");
    }
    return document("Security notices for " + customerId, body.toString());
  }

  private static String document(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
        + "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        + "section{border-top:1px solid #ccc;padding:1rem 0}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}"
        + "dt{font-weight:bold;float:left;width:8rem}dd{margin-left:8rem}</style></head><body><h1>" + escape(title)
        + "</h1>" + body + "</body></html>";
  }

  private static String term(String name, String value) {
    return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
  }

  private static String time(OffsetDateTime at) {
    return at == null ? "-" : TIME.format(at.withOffsetSameInstant(java.time.ZoneOffset.UTC));
  }

  private static String escape(String text) {
    return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
  }

  private String customerOf(Authentication user) {
    return contacts.customerOf(user.getName()).orElseThrow(() -> new CustomerException(403,
        "Your account is not bound to a customer: ask the provider's administrator."));
  }

  private static ResponseEntity<String> html(HttpStatus status, String html) {
    return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Security-Policy", POLICY).header(HttpHeaders.CACHE_CONTROL, "no-store").body(html);
  }
}
