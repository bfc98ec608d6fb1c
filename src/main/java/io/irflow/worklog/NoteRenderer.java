package io.irflow.worklog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.commonmark.node.Node;
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

  /** How deep quotes, lists and emphasis may nest: far beyond any note a person writes, far below the stack's limit. */
  static final int MAX_DEPTH = 64;

  /**
   * Why this Markdown cannot be a note, or null: a document nested deeper than {@link #MAX_DEPTH} (a thousand quote
   * markers, thousands of emphasis delimiters) would exhaust the renderer's stack, so it is refused before it is kept.
   */
  static String tooDeep(String markdown) {
    try {
      Deque<Node> nodes = new ArrayDeque<>();
      Deque<Integer> depths = new ArrayDeque<>();
      nodes.push(PARSER.parse(markdown));
      depths.push(0);
      while (!nodes.isEmpty()) {
        Node node = nodes.pop();
        int depth = depths.pop();
        if (depth > MAX_DEPTH) {
          return "nests quotes, lists or emphasis more than " + MAX_DEPTH + " levels deep";
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
      return null;
    } catch (StackOverflowError deep) {
      return "nests quotes, lists or emphasis too deeply to be read";
    }
  }

  /** One line of at most {@code max} characters for the timeline. */
  static String excerpt(String markdown, int max) {
    String line = markdown.replaceAll("\\s+", " ").trim();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

}
