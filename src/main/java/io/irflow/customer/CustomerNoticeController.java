package io.irflow.customer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer security contact's view of the notices delivered to its organisation, and their acknowledgement. Only
 * for {@code customer-contacts}; anything not addressed to the caller's customer answers 404.
 */
@RestController
@Tag(name = "Customer notices", description = "For customer security contacts: the notices sent to their organisation.")
class CustomerNoticeController {

  private final CustomerContacts contacts;
  private final CustomerNotices notices;

  CustomerNoticeController(CustomerContacts contacts, CustomerNotices notices) {
    this.contacts = contacts;
    this.notices = notices;
  }

  @Operation(operationId = "listCustomerNotices", summary = "List your organisation's notices",
      description = "Every notice, security advice, lessons-learned message and customer-facing status update delivered "
          + "to the caller's organisation, newest first (the newest 500), each with its text exactly as sent and its acknowledgement. "
          + "For customer security contacts (password or API token).",
      responses = {
          @ApiResponse(responseCode = "200", description = "The notices.", content = @Content(mediaType = "application/json",
              array = @ArraySchema(schema = @Schema(implementation = CustomerNotices.CustomerNotice.class)))),
          @ApiResponse(responseCode = "401", description = "Not authenticated.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not a customer security contact, or not bound to a customer.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @GetMapping("/api/customer/notices")
  List<CustomerNotices.CustomerNotice> list(Authentication user) {
    return notices.list(customerOf(user));
  }

  @Operation(operationId = "getCustomerNotice", summary = "Read one of your organisation's notices",
      description = "The notice with its text exactly as sent to the caller's organisation. A notice of another "
          + "organisation answers 404, as one that does not exist.",
      responses = {
          @ApiResponse(responseCode = "200", description = "The notice.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = CustomerNotices.CustomerNotice.class))),
          @ApiResponse(responseCode = "401", description = "Not authenticated.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not a customer security contact, or not bound to a customer.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such notice for the caller's organisation.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @GetMapping("/api/customer/notices/{noticeId}")
  CustomerNotices.CustomerNotice get(@Parameter(description = "The notice's id.") @PathVariable String noticeId,
      Authentication user) {
    return notices.find(customerOf(user), noticeId, user.getName());
  }

  @Operation(operationId = "acknowledgeCustomerNotice", summary = "Acknowledge one of your organisation's notices",
      description = "Records that the caller (a contact of the organisation) has seen the notice: who and when, also on "
          + "the incident's timeline. No request body. Idempotent: when the notice is acknowledged already, the first "
          + "acknowledgement stays and the notice is answered with it (200 both times).",
      responses = {
          @ApiResponse(responseCode = "200", description = "Acknowledged; the notice with its (first) acknowledgement.",
              content = @Content(mediaType = "application/json", schema = @Schema(implementation = CustomerNotices.CustomerNotice.class))),
          @ApiResponse(responseCode = "401", description = "Not authenticated.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not a customer security contact, not bound to a customer, or "
              + "posted by a browser from another site.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such notice for the caller's organisation.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "409", description = "Acknowledged at the same moment by another request; read it again.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PostMapping("/api/customer/notices/{noticeId}/acknowledgement")
  CustomerNotices.CustomerNotice acknowledge(@Parameter(description = "The notice's id.") @PathVariable String noticeId,
      Authentication user, jakarta.servlet.http.HttpServletRequest request) {
    if (CustomerPage.crossSite(request)) {
      // A browser that holds the contact's password for the page would send it along with another site's post.
      throw new CustomerException(403, "An acknowledgement from another site is refused: use " + CustomerPage.PATH
          + " or the API directly.");
    }
    return notices.acknowledge(customerOf(user), noticeId, user.getName());
  }

  private String customerOf(Authentication user) {
    return contacts.customerOf(user.getName()).orElseThrow(() -> new CustomerException(403,
        "Your account is not bound to a customer: ask the provider's administrator."));
  }

  @ExceptionHandler(CustomerException.class)
  ResponseEntity<ProblemDetail> refused(CustomerException e) {
    return problem(e);
  }

  static ResponseEntity<ProblemDetail> problem(CustomerException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
    problem.setTitle(HttpStatus.valueOf(e.status()).getReasonPhrase());
    return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
