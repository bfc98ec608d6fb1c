package io.irflow.postmortem;

import io.irflow.incident.GateFacts;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The post-mortem's fact for the closure gate: whether it is published. */
@Component
class PostMortemGateFacts implements GateFacts {

  private final JdbcTemplate jdbc;

  PostMortemGateFacts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<String, Object> facts(String incidentId) {
    Integer published = jdbc.queryForObject("select count(*) from ir_post_mortem where incident_id = ? "
        + "and published_at is not null", Integer.class, incidentId);
    return Map.of("postMortemPublished", published != null && published > 0);
  }
}
