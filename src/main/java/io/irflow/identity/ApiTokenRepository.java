package io.irflow.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The API tokens table. Only the hash of a token's secret is stored. */
@Repository
class ApiTokenRepository {

  record StoredToken(String id, String userId, String name, String secretHash, OffsetDateTime createdAt, String createdBy,
      OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, String revokedBy) {

    boolean revoked() {
      return revokedAt != null;
    }
  }

  private final JdbcTemplate jdbc;

  ApiTokenRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insert(StoredToken token) {
    jdbc.update("""
        insert into ir_api_token (id, user_id, name, secret_hash, created_at, created_by)
        values (?, ?, ?, ?, ?, ?)""",
        token.id(), token.userId(), token.name(), token.secretHash(), token.createdAt(), token.createdBy());
  }

  Optional<StoredToken> findById(String id) {
    return jdbc.query("select * from ir_api_token where id = ?", (rs, i) -> map(rs), id).stream().findFirst();
  }

  Optional<StoredToken> findBySecretHash(String secretHash) {
    return jdbc.query("select * from ir_api_token where secret_hash = ?", (rs, i) -> map(rs), secretHash).stream().findFirst();
  }

  List<StoredToken> list(String userId) {
    return userId == null
        ? jdbc.query("select * from ir_api_token order by user_id, created_at, id", (rs, i) -> map(rs))
        : jdbc.query("select * from ir_api_token where user_id = ? order by created_at, id", (rs, i) -> map(rs), userId);
  }

  /** Revokes once: a second revocation keeps the first one's time and author. */
  void revoke(String id, OffsetDateTime at, String by) {
    jdbc.update("update ir_api_token set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null", at, by, id);
  }

  void touch(String id, OffsetDateTime at) {
    jdbc.update("update ir_api_token set last_used_at = ? where id = ?", at, id);
  }

  private static StoredToken map(ResultSet rs) throws SQLException {
    return new StoredToken(rs.getString("id"), rs.getString("user_id"), rs.getString("name"), rs.getString("secret_hash"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
        rs.getObject("last_used_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
        rs.getString("revoked_by"));
  }
}
