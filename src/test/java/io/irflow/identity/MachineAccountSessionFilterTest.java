package io.irflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

/** A webapp session that belongs to a machine account opens no webapp REST call. */
class MachineAccountSessionFilterTest {

  final MachineAccountSessionFilter filter = new MachineAccountSessionFilter(new ObjectMapper());

  static MockHttpSession sessionOf(String userId, String... groups) {
    UserAuthentication user = new UserAuthentication(userId, "default");
    user.setGroupIds(List.of(groups));
    Authentications authentications = new Authentications();
    authentications.addOrReplace(user);
    MockHttpSession session = new MockHttpSession();
    AuthenticationUtil.updateSession(session, authentications);
    return session;
  }

  MockHttpServletResponse call(String path, MockHttpSession session) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    if (session != null) {
      request.setSession(session);
    }
    MockHttpServletResponse response = new MockHttpServletResponse();
    MockFilterChain chain = new MockFilterChain();
    filter.doFilter(request, response, chain);
    if (chain.getRequest() != null) {
      response.setStatus(299); // marks "passed on"
    }
    return response;
  }

  @Test
  void aMachineAccountsSessionIsRefused() throws Exception {
    MockHttpServletResponse response = call("/camunda/api/engine/engine/default/task", sessionOf("siem", Groups.ALERT_SOURCES));
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("machine account");
  }

  @Test
  void aCustomerContactsSessionIsRefused() throws Exception {
    MockHttpServletResponse response = call("/camunda/api/engine/engine/default/task", sessionOf("carol", Groups.CUSTOMER_CONTACTS));
    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentAsString()).contains("customer security contact");
  }

  @Test
  void aPersonsSessionPasses() throws Exception {
    assertThat(call("/camunda/api/engine/engine/default/task", sessionOf("alice", Groups.RESPONDERS)).getStatus()).isEqualTo(299);
  }

  @Test
  void requestsWithoutSessionPass() throws Exception {
    assertThat(call("/camunda/api/admin/auth/user/default", null).getStatus()).isEqualTo(299);
  }

  @Test
  void aMachineAccountMayStillLogOut() throws Exception {
    assertThat(call("/camunda/api/admin/auth/user/default/logout", sessionOf("siem", Groups.ALERT_SOURCES)).getStatus())
        .isEqualTo(299);
  }
}
