package io.irflow.identity;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets a user or an integration check its credentials and groups before doing real work. */
@RestController
class WhoAmIController {

  record WhoAmI(String userId, List<String> groups) {}

  @GetMapping("/api/whoami")
  WhoAmI whoAmI(Authentication authentication) {
    return new WhoAmI(authentication.getName(),
        authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
  }
}
