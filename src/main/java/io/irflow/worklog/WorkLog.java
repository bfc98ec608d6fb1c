package io.irflow.worklog;

import io.irflow.incident.IncidentService;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work log of incidents. Notes are only ever added: there is no update or delete here, and on PostgreSQL a trigger
 * refuses both. A mistake is corrected by a later note that names the one it corrects. Each note is on the timeline as
 * {@code note-added} with a short excerpt.
 */
@Service
public class WorkLog {

  public static final int MAX_TEXT = 20_000;
  static final int EXCERPT = 120;

  /** One note as stored, with its Markdown rendered to safe HTML. */
  public record Note(String id, String incidentId, String author, OffsetDateTime createdAt, String markdown,
      String html, String corrects) {}

  /** A note that cannot be added. */
  public static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message);
    }
  }

  private final JdbcTemplate jdbc;
  private final IncidentService incidents;

  WorkLog(JdbcTemplate jdbc, IncidentService incidents) {
    this.jdbc = jdbc;
    this.incidents = incidents;
  }

  /** The incident's notes, oldest first. */
  public List<Note> list(String incidentId) {
    return jdbc.query("select id, incident_id, author, created_at, markdown, corrects from ir_incident_note "
        + "where incident_id = ? order by created_at, id", (rs, i) -> new Note(rs.getString("id"),
        rs.getString("incident_id"), rs.getString("author"), rs.getObject("created_at", OffsetDateTime.class),
        rs.getString("markdown"), NoteRenderer.html(rs.getString("markdown")), rs.getString("corrects")), incidentId);
  }

  public Optional<Note> find(String incidentId, String noteId) {
    return list(incidentId).stream().filter(n -> n.id().equals(noteId)).findFirst();
  }

  /** Adds a note; {@code corrects}, when given, must be a note of the same incident. */
  @Transactional
  public Note add(String incidentId, String markdown, String corrects, String author) {
    if (markdown == null || markdown.isBlank()) {
      throw new Refusal("text: must not be blank");
    }
    if (markdown.length() > MAX_TEXT) {
      throw new Refusal("text: at most " + MAX_TEXT + " characters, not " + markdown.length());
    }
    String tooDeep = NoteRenderer.tooDeep(markdown);
    if (tooDeep != null) {
      throw new Refusal("text: " + tooDeep);
    }
    if (corrects != null && jdbc.queryForObject("select count(*) from ir_incident_note where id = ? and incident_id = ?",
        Integer.class, corrects, incidentId) == 0) {
      throw new Refusal("corrects: " + incidentId + " has no note " + corrects);
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Note note = new Note(UUID.randomUUID().toString(), incidentId, author, now, markdown, NoteRenderer.html(markdown),
        corrects);
    jdbc.update("insert into ir_incident_note (id, incident_id, author, created_at, markdown, corrects) "
        + "values (?, ?, ?, ?, ?, ?)", note.id(), incidentId, author, Timestamp.from(now.toInstant()), markdown, corrects);
    incidents.recordEvent(incidentId, "note-added", author, (corrects == null ? "" : "Correction of note " + corrects
        + ": ") + NoteRenderer.excerpt(markdown, EXCERPT));
    return note;
  }
}
