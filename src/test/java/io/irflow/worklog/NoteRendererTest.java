package io.irflow.worklog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteRendererTest {

  @Test
  void rendersMarkdown() {
    assertThat(NoteRenderer.html("Isolated **web-07**, see [CHG-1182](https://itsm.irflow.example/CHG-1182)"))
        .isEqualTo("<p>Isolated <strong>web-07</strong>, see <a rel=\"nofollow noopener noreferrer\" "
            + "href=\"https://itsm.irflow.example/CHG-1182\">CHG-1182</a></p>\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "<script>alert(1)</script>",
      "Look: <img src=x onerror=alert(1)>",
      "<div onclick=\"alert(1)\">click</div>",
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "![x](javascript:alert(1))",
      "<a href=\"javascript:alert(1)\">x</a>",
      "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
      "<iframe src=\"https://evil.example\"></iframe>"})
  void neverTurnsAPayloadIntoMarkup(String payload) {
    String html = NoteRenderer.html(payload).toLowerCase();
    assertThat(html).doesNotContain("<script", "<img src=\"x\" onerror", "<div", "<iframe", "href=\"javascript:",
        "src=\"javascript:", "href=\"data:");
    assertThat(html).doesNotContainPattern("<[a-z]+[^>]*\\son[a-z]+=");
  }

  @Test
  void rawHtmlShowsAsText() {
    assertThat(NoteRenderer.html("<script>alert(1)</script>")).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void excerptIsOneShortLine() {
    assertThat(NoteRenderer.excerpt("first\n\nsecond   line", 120)).isEqualTo("first second line");
    assertThat(NoteRenderer.excerpt("x".repeat(200), 120)).hasSize(120).endsWith("…");
  }

  @Test
  void aNoteNestedBeyondAnyPersonsWritingIsRefusedBeforeItIsRendered() {
    assertThat(NoteRenderer.tooDeep("> quoted\n>> twice\n\n- a\n  - b\n\n***strong and emphasis***")).isNull();
    assertThat(NoteRenderer.tooDeep(">".repeat(2000) + " deep")).contains("more than " + NoteRenderer.MAX_DEPTH);
    assertThat(NoteRenderer.tooDeep("*".repeat(10_000) + "a" + "*".repeat(9_999))).isNotNull();
  }
}
