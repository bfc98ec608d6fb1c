package io.irflow.notification;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message about one incident to one recipient, before it is rendered for a channel. Sections are
 * titled paragraphs in order; their text may come from alerts and is escaped wherever it is rendered.
 *
 * @param acknowledgeUrl the link that acknowledges a customer notice (its mail text, HTML and webhook data); null for
 *     every other message
 */
public record Notice(String incidentId, String kind, boolean drill, String subject, String heading, String intro,
    Map<String, String> sections, String acknowledgeUrl) {

  public static final String DRILL_MARK = "[DRILL] ";

  public Notice {
    sections = sections == null ? Map.of() : new LinkedHashMap<>(sections);
  }

  public Notice(String incidentId, String kind, boolean drill, String subject, String heading, String intro,
      Map<String, String> sections) {
    this(incidentId, kind, drill, subject, heading, intro, sections, null);
  }

  /** The same notice with the link that acknowledges it. */
  public Notice withAcknowledgeUrl(String url) {
    return new Notice(incidentId, kind, drill, subject, heading, intro, sections, url);
  }

  /** The subject as sent: drills are marked. */
  public String sentSubject() {
    return drill ? DRILL_MARK + subject : subject;
  }
}
