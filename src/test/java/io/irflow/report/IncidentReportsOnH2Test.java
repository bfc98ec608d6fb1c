package io.irflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.IncidentService;
import io.irflow.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The report table on the embedded default: H2 runs the migration, keeps the HTML (text) and the PDF's bytes (bytea)
 * as they were rendered, and an interim report can be made for an incident that has no post-mortem yet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@H2Test
class IncidentReportsOnH2Test {

  @Autowired IncidentReports reports;
  @Autowired IncidentService incidents;

  @Test
  void versionsAreKeptAsRenderedWithTheirSha256() {
    String id = incidents.register(new IncidentService.Report(null, "Port scan from a known scanner", null,
        "unauthorized-access", "internal", false, null, "alice", false, null), null);

    ReportRepository.Version first = reports.generate(id, "maria", IncidentReports.REQUESTED).orElseThrow();
    ReportRepository.Version second = reports.generate(id, "maria", IncidentReports.REQUESTED).orElseThrow();

    assertThat(second.version()).isEqualTo(first.version() + 1);
    ReportRepository.Stored kept = reports.find(id, first.version()).orElseThrow();
    assertThat(ReportRenderer.sha256Hex(kept.pdf())).isEqualTo(first.pdfSha256());
    assertThat(ReportRenderer.sha256Hex(kept.html().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(first.htmlSha256());
    assertThat(new String(kept.pdf(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(kept.html()).contains("The post-mortem is not published yet.");
    assertThat(reports.find(id, null).orElseThrow().version().version()).isEqualTo(second.version());
    assertThat(reports.versions(id)).extracting(ReportRepository.Version::version)
        .containsExactly(second.version(), first.version());
  }
}
