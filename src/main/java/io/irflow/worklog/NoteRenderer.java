package io.irflow.worklog;

import java.util.List;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown to HTML for the work log, safe to put into a page: raw HTML in a note is escaped (it shows as text, so a
 * {@code <script>} or an {@code onerror=} attribute never becomes markup), link and image URLs with a scheme other
 * than http, https or mailto are dropped (no {@code javascript:}), and every link gets
 * {@code rel="nofollow noopener noreferrer"}.
 */
final class NoteRenderer {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .escapeHtml(true)
      .sanitizeUrls(true)
      // Only these schemes (relative URLs stay): no javascript:, vbscript:, data: or file:.
      .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
      .attributeProviderFactory(context -> (node, tagName, attributes) -> {
        if ("a".equals(tagName)) {
          attributes.put("rel", "nofollow noopener noreferrer");
        }
      })
      .build();

  private NoteRenderer() {}

  static String html(String markdown) {
    return RENDERER.render(PARSER.parse(markdown));
  }

  /** One line of at most {@code max} characters for the timeline. */
  static String excerpt(String markdown, int max) {
    String line = markdown.replaceAll("\\s+", " ").trim();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

}
