package io.irflow.identity;

import io.irflow.identity.ApiTokenRepository.StoredToken;
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
class ApiTokenController {

  record NewToken(
      @NotBlank @Size(max = 64) String userId,
      @NotBlank @Size(min = 1, max = 100) @Pattern(regexp = "[^\\p{Cc}]*", message = "must not contain control characters")
      String name) {}

  /** The only response that ever carries the token itself. */
  record CreatedToken(String id, String userId, String name, OffsetDateTime createdAt, String token) {}

  record TokenView(String id, String userId, String name, OffsetDateTime createdAt, String createdBy,
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

  @PostMapping(path = "/api/tokens", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedToken> issue(@Valid @RequestBody NewToken request, Authentication caller) {
    ApiTokens.Issued issued = tokens.issue(request.userId(), request.name(), caller.getName())
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "No user '" + request.userId() + "'."));
    StoredToken t = issued.stored();
    return ResponseEntity.created(URI.create("/api/tokens/" + t.id()))
        .cacheControl(CacheControl.noStore())
        .body(new CreatedToken(t.id(), t.userId(), t.name(), t.createdAt(), issued.token()));
  }

  @GetMapping(path = "/api/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
  List<TokenView> list(@RequestParam(required = false) String userId) {
    return tokens.list(userId).stream().map(TokenView::of).toList();
  }

  @DeleteMapping("/api/tokens/{id}")
  ResponseEntity<Void> revoke(@PathVariable String id, Authentication caller) {
    if (!tokens.revoke(id, caller.getName())) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such API token.");
    }
    return ResponseEntity.noContent().build();
  }
}
