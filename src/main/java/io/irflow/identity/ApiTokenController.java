package io.irflow.identity;

import io.irflow.identity.ApiTokenRepository.StoredToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Administrators issue, list and revoke API tokens ({@code /api/tokens}, group camunda-admin only). */
@RestController
@Tag(name = "API tokens", description = "Tokens for detection tools and other integrations, managed by administrators "
    + "(group `camunda-admin`).")
class ApiTokenController {

  static final String TOKEN_ID = "3f6c1d2e-9a4b-4c7d-8e1f-2a3b4c5d6e7f";

  record NewToken(
      @NotBlank @Size(max = 64) String userId,
      @NotBlank @Size(min = 1, max = 100) @Pattern(regexp = "[^\\p{Cc}]*", message = "must not contain control characters")
      String name) {}

  /** The only response that ever carries the token itself. */
  record CreatedToken(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String userId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime createdAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The token: shown this once, never again.",
          example = "irf_Vh0kq3Jw8yXb2Zc5Rt7Lm1Np4Qs6Uv9Wx0Yz3Ab5Cd7E") String token) {}

  record TokenView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String userId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime createdAt,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String createdBy,
      OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, String revokedBy) {

    static TokenView of(StoredToken t) {
      return new TokenView(t.id(), t.userId(), t.name(), t.createdAt(), t.createdBy(), t.lastUsedAt(), t.revokedAt(),
          t.revokedBy());
    }
  }

  private final ApiTokens tokens;

  ApiTokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Operation(operationId = "issueToken", summary = "Issue an API token",
      description = "A new token for a user. The answer is the only time the token is shown: only its SHA-256 hash is "
          + "stored. A user may hold several (for rotation). An unknown user is refused with 400.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = NewToken.class),
          examples = @ExampleObject(name = "token", value = "{\"userId\": \"siem\", \"name\": \"siem-prod-2026\"}"))),
      responses = @ApiResponse(responseCode = "201", description = "The token, with its secret: store it now.",
          headers = {@Header(name = "Location", description = "`/api/tokens/{id}`", schema = @Schema(type = "string")),
              @Header(name = "Cache-Control", description = "`no-store`", schema = @Schema(type = "string"))},
          content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedToken.class),
              examples = @ExampleObject(name = "issued", value = "{\"id\": \"" + TOKEN_ID + "\", \"userId\": \"siem\", "
                  + "\"name\": \"siem-prod-2026\", \"createdAt\": \"2026-11-22T08:00:00Z\", "
                  + "\"token\": \"irf_Vh0kq3Jw8yXb2Zc5Rt7Lm1Np4Qs6Uv9Wx0Yz3Ab5Cd7E\"}"))))
  @PostMapping(path = "/api/tokens", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedToken> issue(@Valid @RequestBody NewToken request, Authentication caller) {
    ApiTokens.Issued issued = tokens.issue(request.userId(), request.name(), caller.getName())
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "No user '" + request.userId() + "'."));
    StoredToken t = issued.stored();
    return ResponseEntity.created(URI.create("/api/tokens/" + t.id()))
        .cacheControl(CacheControl.noStore())
        .body(new CreatedToken(t.id(), t.userId(), t.name(), t.createdAt(), issued.token()));
  }

  @Operation(operationId = "listTokens", summary = "List API tokens",
      description = "The tokens of one user, or of all users: who issued them, when they were last used, whether and "
          + "by whom they were revoked. Never the token itself.",
      responses = @ApiResponse(responseCode = "200", description = "The tokens.", content = @Content(
          mediaType = "application/json", array = @ArraySchema(schema = @Schema(implementation = TokenView.class)), examples = @ExampleObject(name = "tokens", value = "[{\"id\": \"" + TOKEN_ID
              + "\", \"userId\": \"siem\", \"name\": \"siem-prod-2026\", \"createdAt\": \"2026-11-22T08:00:00Z\", "
              + "\"createdBy\": \"admin\", \"lastUsedAt\": \"2026-11-22T08:15:04Z\"}]"))))
  @GetMapping(path = "/api/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
  List<TokenView> list(@Parameter(description = "Only this user's tokens.", example = "siem")
      @RequestParam(required = false) String userId) {
    return tokens.list(userId).stream().map(TokenView::of).toList();
  }

  @Operation(operationId = "revokeToken", summary = "Revoke an API token",
      description = "The token stops working at once on this node and within 30 seconds on the others. Revoking a "
          + "revoked token again changes nothing (204).",
      responses = {@ApiResponse(responseCode = "204", description = "Revoked."),
          @ApiResponse(responseCode = "404", description = "No token with this id.", content = @Content(
              mediaType = "application/problem+json", schema = @Schema(ref = "#/components/schemas/Problem"),
              examples = @ExampleObject(name = "unknown token", value = "{\"type\": \"about:blank\", \"title\": \"Not Found\", "
                  + "\"status\": 404, \"detail\": \"No such API token.\", \"instance\": \"/api/tokens/" + TOKEN_ID + "\"}")))})
  @DeleteMapping("/api/tokens/{id}")
  ResponseEntity<Void> revoke(@Parameter(description = "The token's id.", example = TOKEN_ID) @PathVariable String id,
      Authentication caller) {
    if (!tokens.revoke(id, caller.getName())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such API token.");
    }
    return ResponseEntity.noContent().build();
  }
}
