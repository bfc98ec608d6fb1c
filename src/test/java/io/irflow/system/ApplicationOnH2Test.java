package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import io.irflow.testsupport.Http;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class ApplicationOnH2Test {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void servesWebappsApiAndEngineRestOnTheEmbeddedDatabase() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
    }
    ApplicationSmoke.assertServesEverything(new Http(port));
  }
}
