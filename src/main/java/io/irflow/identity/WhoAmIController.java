package io.irflow.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets a user or an integration check its credentials and groups before doing real work. */
@RestController
@Tag(name = "Identity", description = "Who the caller is.")
class WhoAmIController {

  record WhoAmI(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String userId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> groups) {}

  @Operation(operationId = "whoAmI", summary = "Who am I",
      description = "The caller's user id and groups, for any authenticated user or API token: a way for an "
          + "integration to check its credentials before doing real work.",
      responses = @ApiResponse(responseCode = "200", description = "The caller.", content = @Content(
          mediaType = "application/json", schema = @Schema(implementation = WhoAmI.class),
          examples = @ExampleObject(name = "detection tool", value = "{\"userId\": \"siem\", \"groups\": [\"alert-sources\"]}"))))
  @GetMapping("/api/whoami")
  WhoAmI whoAmI(Authentication authentication) {
    return new WhoAmI(authentication.getName(),
        authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
  }
}
