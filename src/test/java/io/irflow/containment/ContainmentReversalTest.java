package io.irflow.containment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How each containment action type is undone, or why it cannot be; plain logic, no engine. */
class ContainmentReversalTest {

  @Test
  void isolationIsUndoneByReleasingTheHost() {
    ContainmentReversal reversal = ContainmentReversal.of("isolate-host");
    assertThat(reversal.reversible()).isTrue();
    assertThat(reversal.operation()).isEqualTo("release-host");
  }

  @Test
  void aDisabledAccountIsReEnabledOnlyAfterItsCredentialsAreReset() {
    ContainmentReversal reversal = ContainmentReversal.of("disable-account");
    assertThat(reversal.operation()).isEqualTo("enable-account");
    assertThat(reversal.how()).contains("after its credentials are reset");
  }

  @Test
  void aBlockIsLiftedAfterReview() {
    ContainmentReversal reversal = ContainmentReversal.of("block-indicator");
    assertThat(reversal.operation()).isEqualTo("unblock-indicator");
    assertThat(reversal.how()).contains("after review");
  }

  @Test
  void revokedCredentialsRotatedKeysAndOtherActionsSayTheyCannotBeReversed() {
    for (String type : new String[] {"revoke-credentials", "rotate-keys", "other", "unknown-type"}) {
      ContainmentReversal reversal = ContainmentReversal.of(type);
      assertThat(reversal.reversible()).as(type).isFalse();
      assertThat(reversal.operation()).as(type).isNull();
      assertThat(reversal.how()).as(type).startsWith("cannot be reversed");
    }
  }

  @Test
  void everyPlannableActionTypeHasAKnownReversalOrSaysItHasNone() {
    for (String type : ContainmentService.ACTION_TYPES) {
      ContainmentReversal reversal = ContainmentReversal.of(type);
      assertThat(reversal.actionType()).isEqualTo(type);
      assertThat(reversal.reversible() || reversal.how().startsWith("cannot be reversed")).as(type).isTrue();
    }
  }

  @Test
  void aChoiceIsReadOneActionPerLineWithBlankLinesAndExtraSpaceIgnored() {
    assertThat(ContainmentTaskContracts.lines("isolate-host   web-42\n\n  disable-account svc-backup \nisolate-host web-42"))
        .containsExactly("isolate-host web-42", "disable-account svc-backup");
    assertThat(ContainmentTaskContracts.lines(null)).isEmpty();
  }
}
