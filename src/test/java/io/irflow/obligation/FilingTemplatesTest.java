package io.irflow.obligation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A filing is checked against its template before it is submitted. */
class FilingTemplatesTest {

  @Test
  void aFreshTemplateNamesWhatTheProductKnowsAndCannotBeSubmitted() {
    String draft = FilingTemplates.fill("gdpr-art33-notification", Map.of("incidentId", "SIR-2026-00042",
        "provider", "Example Cloud GmbH", "article", "GDPR Art. 33(1)"));
    assertThat(draft).contains("SIR-2026-00042", "Example Cloud GmbH", "[fill in: title]");
    assertThat(FilingTemplates.problems("gdpr-art33-notification", draft))
        .contains("Replace every [fill in: ...] with the content");
  }

  @Test
  void everySectionMustBeThereAndHaveContent() {
    String complete = """
        # NIS2 early warning
        ## Suspected unlawful or malicious cause
        Yes: credential stuffing.
        ## Possible cross-border impact
        Customers in DE and FR.
        ## Assistance requested from the CSIRT
        none
        """;
    assertThat(FilingTemplates.problems("nis2-early-warning", complete)).isEmpty();
    assertThat(FilingTemplates.problems("nis2-early-warning", complete.replace("Customers in DE and FR.", "  ")))
        .containsExactly("The section \"Possible cross-border impact\" is empty");
    assertThat(FilingTemplates.problems("nis2-early-warning", complete.replace("## Assistance requested from the CSIRT\nnone\n", "")))
        .containsExactly("The section \"Assistance requested from the CSIRT\" is required");
    assertThat(FilingTemplates.problems("nis2-early-warning", " ")).containsExactly("The filing is empty");
  }

  @Test
  void onlyTemplatesInTheirFolderAreRead() {
    assertThat(FilingTemplates.exists("../../application")).isFalse();
    assertThat(FilingTemplates.exists("sec-8k-item-1-05")).isTrue();
  }
}
