package io.irflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name a downloaded evidence file is saved under (RFC 6266). */
class ContentDispositionTest {

  @Test
  void anAsciiNameIsGivenPlainlyInBothParameters() {
    assertThat(EvidenceController.contentDisposition("auth.log"))
        .isEqualTo("attachment; filename=\"auth.log\"; filename*=UTF-8''auth.log");
  }

  @Test
  void otherCharactersHaveAnAsciiFallbackAndThePercentEncodedName() {
    assertThat(EvidenceController.contentDisposition("Überweisung \"Q3\".pdf"))
        .isEqualTo("attachment; filename=\"_berweisung _Q3_.pdf\"; "
            + "filename*=UTF-8''%C3%9Cberweisung%20%22Q3%22.pdf");
    assertThat(EvidenceController.contentDisposition("a;b\\c.txt"))
        .isEqualTo("attachment; filename=\"a;b_c.txt\"; filename*=UTF-8''a%3Bb%5Cc.txt");
  }
}
