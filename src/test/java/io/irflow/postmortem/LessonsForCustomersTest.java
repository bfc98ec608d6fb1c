package io.irflow.postmortem;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.postmortem.PostMortemService.RepairItem;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LessonsForCustomersTest {

  private static final OffsetDateTime DUE = OffsetDateTime.of(2026, 12, 27, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final OffsetDateTime ENDED = OffsetDateTime.of(2026, 11, 28, 23, 30, 0, 0, ZoneOffset.ofHours(-2));

  @Test
  void repairItemsShowTheirRealState() {
    String list = LessonsForCustomers.repairItemList(List.of(
        new RepairItem("Secret scanning in CI", "responders", DUE, "done", "Done", ENDED),
        new RepairItem("Key rotation runbook", "incident-managers", DUE, "open", null, null),
        new RepairItem("Old scanner", "responders", DUE, "cancelled", null, ENDED)));

    assertThat(list).isEqualTo("""
        - Secret scanning in CI: done on 2026-11-29
        - Key rotation runbook: planned, due 2026-12-27
        - Old scanner: cancelled""");
  }

  @Test
  void noRepairItemsReadsNone() {
    assertThat(LessonsForCustomers.repairItemList(List.of())).isEqualTo("- none");
  }

  @Test
  void theCommonDraftHasTheLessonsThenTheRepairItems() {
    assertThat(LessonsForCustomers.commonDraft(" Scan repositories for secrets ",
        List.of(new RepairItem("Runbook", "responders", DUE, "open", null, null))))
        .isEqualTo("Scan repositories for secrets\n\nWhat we are changing:\n- Runbook: planned, due 2026-12-27");
  }

  @Test
  void eachCustomerGetsItsOwnPartAfterItsHeading() {
    List<String> problems = new ArrayList<>();
    Map<String, String> parts = LessonsForCustomers.parts(
        LessonsForCustomers.perCustomerDraft(List.of("acme", "globex")).replace("[acme]\n", "[acme]\nRotate key k-1\n"),
        List.of("acme", "globex"), problems::add);

    assertThat(problems).isEmpty();
    assertThat(parts).containsExactly(Map.entry("acme", "Rotate key k-1"), Map.entry("globex", ""));
    assertThat(LessonsForCustomers.textFor("Common", parts.get("acme"))).isEqualTo("Common\n\nRotate key k-1");
    assertThat(LessonsForCustomers.textFor("Common", parts.get("globex"))).isEqualTo("Common");
  }

  @Test
  void textOutsideAHeadingUnknownAndRepeatedCustomersAreProblems() {
    List<String> problems = new ArrayList<>();
    LessonsForCustomers.parts("stray text\n[acme]\na\n[initech]\nb\n[acme]\nc", List.of("acme", "globex"), problems::add);

    assertThat(problems).containsExactly("Start each customer's part with a line [customer-id]",
        "[initech] is not an affected customer; use one of acme, globex",
        "[acme] appears twice; write each customer's part once");
  }

  @Test
  void noPartsAtAllLeavesEveryCustomerWithTheCommonPart() {
    assertThat(LessonsForCustomers.parts(null, List.of("acme"), p -> {
      throw new AssertionError(p);
    })).containsExactly(Map.entry("acme", ""));
  }
}
