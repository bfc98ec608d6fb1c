package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.Http;
import io.irflow.testsupport.PostgresTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTest
class ApplicationOnPostgresTest {

  @LocalServerPort int port;
  @Autowired DataSource dataSource;

  @Test
  void servesWebappsApiAndEngineRestOnPostgres() throws Exception {
    try (var connection = dataSource.getConnection()) {
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
    ApplicationSmoke.assertServesEverything(new Http(port));
  }

  @Test
  void createsTheEngineAndProductSchemas() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = 'act_ru_task'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
        .isPositive();
    assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = 'ir_security_incident'",
        Integer.class)).isEqualTo(1);
  }
}
