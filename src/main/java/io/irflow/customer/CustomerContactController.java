package io.irflow.customer;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators bind a user to the customer it is a security contact of, and remove that binding. */
@RestController
@Tag(name = "Customer contacts", description = "Which customer each customer security contact speaks for (administrators).")
class CustomerContactController {

  private final CustomerContacts contacts;

  CustomerContactController(CustomerContacts contacts) {
    this.contacts = contacts;
  }

  @Operation(operationId = "bindCustomerContact", summary = "Make a user a security contact of a customer",
      description = "Binds the user to the customer and adds it to the group `customer-contacts`. The user must be in no "
          + "other group, and is the contact of one customer only; its API tokens are bound to the same customer. "
          + "Binding again to the same customer keeps the first binding. Administrators only.",
      responses = {
          @ApiResponse(responseCode = "200", description = "Bound.", content = @Content(mediaType = "application/json",
              schema = @Schema(implementation = CustomerContacts.Contact.class))),
          @ApiResponse(responseCode = "401", description = "Not authenticated.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not an administrator.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "No such customer or user.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "409", description = "The user is in another group, or the contact of another customer.",
              content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @PutMapping("/api/customers/{customerId}/contacts/{userId}")
  CustomerContacts.Contact bind(@Parameter(description = "The customer's id.", example = "acme") @PathVariable String customerId,
      @Parameter(description = "The user's id.", example = "carol") @PathVariable String userId, Authentication admin) {
    return contacts.bind(customerId, userId, admin.getName());
  }

  @Operation(operationId = "unbindCustomerContact", summary = "Remove a user's binding to a customer",
      description = "The user then reads no customer's notices (it stays in `customer-contacts`, which reaches nothing "
          + "else). Administrators only.",
      responses = {
          @ApiResponse(responseCode = "204", description = "Removed."),
          @ApiResponse(responseCode = "401", description = "Not authenticated.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "403", description = "Not an administrator.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"))),
          @ApiResponse(responseCode = "404", description = "The user is not a contact of that customer.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem")))})
  @DeleteMapping("/api/customers/{customerId}/contacts/{userId}")
  ResponseEntity<Void> unbind(@Parameter(description = "The customer's id.", example = "acme") @PathVariable String customerId,
      @Parameter(description = "The user's id.", example = "carol") @PathVariable String userId) {
    if (!contacts.unbind(customerId, userId)) {
      throw new CustomerException(404, "User " + userId + " is not a security contact of customer " + customerId + ".");
    }
    return ResponseEntity.noContent().build();
  }

  @ExceptionHandler(CustomerException.class)
  ResponseEntity<ProblemDetail> refused(CustomerException e) {
    return CustomerNoticeController.problem(e);
  }
}
