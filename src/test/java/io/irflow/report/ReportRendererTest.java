package io.irflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The template and the PDF rendering, without Spring: escaping, the facts in the PDF, the same bytes twice. */
class ReportRendererTest {

  static final OffsetDateTime AT = OffsetDateTime.of(2026, 11, 27, 10, 15, 30, 0, ZoneOffset.UTC);

  final ReportRenderer renderer = new ReportRenderer();

  @Test
  void valuesAreEscapedInTheHtml() {
    String html = renderer.html(report("Login <script>alert('x')</script> & more"));

    assertThat(html).doesNotContain("<script>").contains("Login &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
  }

  @Test
  void thePdfCarriesTheFactsAndTheSameHtmlGivesTheSameBytes() throws IOException {
    String html = renderer.html(report("Suspicious admin login"));

    byte[] pdf = renderer.pdf(html, "Post-incident report SIR-2026-00042", AT);

    assertThat(renderer.pdf(html, "Post-incident report SIR-2026-00042", AT)).isEqualTo(pdf);
    try (PDDocument document = Loader.loadPDF(pdf)) {
      assertThat(document.getDocumentInformation().getCreationDate().toInstant()).isEqualTo(AT.toInstant());
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("SIR-2026-00042", "Leaked access key", "responseSla", "severity = high", "met",
          "Secret scanning in CI");
    }
  }

  static ReportContent report(String title) {
    return new ReportContent(
        new ReportContent.Header("SIR-2026-00042", title, 1, "2026-11-27 10:15:30 UTC", "irflow", "requested", false),
        List.of(new ReportContent.Row("Incident number", "SIR-2026-00042"), new ReportContent.Row("Title", title)),
        List.of(new ReportContent.Phase("Reported", "2026-11-27 08:00:00 UTC")),
        List.of(new ReportContent.Deadline("contain", "2026-11-27 12:00:00 UTC", "2026-11-27 11:00:00 UTC", "met")),
        List.of(new ReportContent.Obligation("GDPR", "customer", "acme", "notification", "Art. 33(2)", "-", "-", "met",
            "-", "-", "-")),
        List.of(new ReportContent.Decision("Response SLA", "responseSla", "-", List.of("severity = high"),
            List.of("containWithin = PT4H"))),
        List.of(new ReportContent.CustomerMessages("acme", "Acme Corporation", List.of())), List.of(),
        new ReportContent.PostMortem(true, "Leaked access key", "Scan for secrets", "maria", "-"),
        List.of(new ReportContent.RepairItem("Secret scanning in CI", "responders", "-", "done", "Done", "-")),
        List.of(new ReportContent.TimelineEntry("2026-11-27 08:00:00 UTC", "alert-created", title, "-")));
  }
}
