package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Which requests the webapps' session authenticates on the product's API: reads of incidents, with the session's CSRF
 * token, for people; never a machine account, never a write, never another path. (DashboardAccessTest shows the same
 * over HTTP with real webapp logins.)
 */
class WebappSessionReadFilterTest {

  static final String TOKEN = "6F1C0A7E3B2D4E5F8A9B0C1D2E3F4A5B";

  final IdentityService identity = mock(IdentityService.class, RETURNS_DEEP_STUBS);
  final WebappSessionReadFilter filter = new WebappSessionReadFilter(identity, "default", new ObjectMapper());
  final List<Authentication> seen = new ArrayList<>();

  MockHttpSession sessionOf(String userId, String... groups) {
    UserAuthentication user = new UserAuthentication(userId, "default");
    Authentications authentications = new Authentications();
    authentications.addOrReplace(user);
    MockHttpSession session = new MockHttpSession();
    AuthenticationUtil.updateSession(session, authentications);
    session.setAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME, TOKEN);
    List<Group> memberships = new ArrayList<>();
    for (String id : groups) {
      Group group = mock(Group.class);
      when(group.getId()).thenReturn(id);
      memberships.add(group);
    }
    when(identity.createGroupQuery().groupMember(userId).list()).thenReturn(memberships);
    return session;
  }

  MockHttpServletResponse call(String method, String path, MockHttpSession session, String csrf) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest(method, path);
    request.setSession(session);
    if (csrf != null) {
      request.addHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME, csrf);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, (req, res) -> seen.add(SecurityContextHolder.getContext().getAuthentication()));
    return response;
  }

  @Test
  void aManagersSessionReadsIncidentsWithTheManagersGroups() throws Exception {
    MockHttpSession session = sessionOf("maria", Groups.INCIDENT_MANAGERS);
    call("GET", "/api/incidents/SIR-2026-00001/timeline", session, TOKEN);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).getName()).isEqualTo("maria");
    assertThat(seen.get(0).getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly(Groups.INCIDENT_MANAGERS);
    assertThat(SecurityContextHolder.getContext().getAuthentication()).as("cleared after the request").isNull();
  }

  @Test
  void withoutTheSessionsCsrfTokenTheRequestStaysAnonymous() throws Exception {
    MockHttpSession session = sessionOf("maria", Groups.INCIDENT_MANAGERS);
    call("GET", "/api/incidents", session, null);
    call("GET", "/api/incidents", session, "0000");
    assertThat(seen).hasSize(2).containsOnlyNulls();
  }

  @Test
  void writesAndOtherPathsNeverTakeTheSession() throws Exception {
    MockHttpSession session = sessionOf("admin", Groups.ADMINS);
    call("POST", "/api/incidents/SIR-2026-00001/severity", session, TOKEN);
    call("GET", "/api/tokens", session, TOKEN);
    call("GET", "/api/incidentsX", session, TOKEN);
    call("GET", "/actuator/prometheus", session, TOKEN);
    assertThat(seen).hasSize(4).containsOnlyNulls();
  }

  @Test
  void aRespondersSessionAddsANoteOrAnObservableWithTheSessionsCsrfToken() throws Exception {
    MockHttpSession session = sessionOf("alice", Groups.RESPONDERS);
    call("POST", "/api/incidents/SIR-2026-00001/notes", session, TOKEN);
    call("POST", "/api/incidents/SIR-2026-00001/observables", session, TOKEN);
    assertThat(seen).hasSize(2).allSatisfy(a -> assertThat(a.getName()).isEqualTo("alice"));
  }

  @Test
  void aNoteOrObservableWithoutTheSessionsCsrfTokenStaysAnonymous() throws Exception {
    MockHttpSession session = sessionOf("alice", Groups.RESPONDERS);
    call("POST", "/api/incidents/SIR-2026-00001/notes", session, null);
    call("POST", "/api/incidents/SIR-2026-00001/observables", session, "0000");
    assertThat(seen).hasSize(2).containsOnlyNulls();
  }

  @Test
  void everyOtherWriteStaysAnonymousEvenWithTheToken() throws Exception {
    MockHttpSession session = sessionOf("maria", Groups.INCIDENT_MANAGERS, Groups.RESPONDERS);
    for (String path : java.util.List.of("/api/incidents", "/api/incidents/SIR-2026-00001/waiting",
        "/api/incidents/SIR-2026-00001/assets", "/api/incidents/SIR-2026-00001/evidence",
        "/api/incidents/SIR-2026-00001/notes/extra", "/api/incidents/SIR-2026-00001/observables/x/tags",
        "/api/incidents/a/b/notes", "/api/alerts", "/api/tokens")) {
      call("POST", path, session, TOKEN);
    }
    call("PUT", "/api/incidents/SIR-2026-00001/notes", session, TOKEN);
    call("DELETE", "/api/incidents/SIR-2026-00001/observables", session, TOKEN);
    call("PATCH", "/api/incidents/SIR-2026-00001/notes", session, TOKEN);
    assertThat(seen).hasSize(12).containsOnlyNulls();
  }

  @Test
  void aMachineAccountsSessionIsRefused() throws Exception {
    MockHttpSession session = sessionOf("siem", Groups.ALERT_SOURCES);
    MockHttpServletResponse response = call("GET", "/api/incidents", session, TOKEN);
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(seen).isEmpty();
  }

  @Test
  void aSessionWithoutAWebappLoginIsAnonymous() throws Exception {
    MockHttpSession session = new MockHttpSession();
    session.setAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME, TOKEN);
    call("GET", "/api/incidents", session, TOKEN);
    assertThat(seen).hasSize(1).containsOnlyNulls();
  }
}
