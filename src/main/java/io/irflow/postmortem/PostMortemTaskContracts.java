package io.irflow.postmortem;

import static io.irflow.incident.SecurityIncidentProcess.Vars.*;

import io.irflow.identity.Groups;
import io.irflow.incident.JsonLists;
import io.irflow.incident.SecurityIncidentProcess.Tasks;
import io.irflow.tasks.TaskContract;
import io.irflow.tasks.TaskContracts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** The answers of the post-mortem and of each repair item. */
@Component
class PostMortemTaskContracts implements TaskContracts.Source {

  static final List<String> REPAIR_GROUPS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);
  static final int MAX_REPAIR_ITEMS = 50;
  static final int MAX_TITLE = 200;

  private final io.irflow.incident.IncidentService incidents;
  private final io.irflow.notification.PrivacyCheck privacy;

  PostMortemTaskContracts(io.irflow.incident.IncidentService incidents, io.irflow.notification.PrivacyCheck privacy) {
    this.incidents = incidents;
    this.privacy = privacy;
  }

  @Override
  public List<TaskContract> contracts() {
    return List.of(postMortem(), repairItem(), draftLessons(), approveLessons());
  }

  /** {@code Task_DraftLessonsForCustomers}: the common part and each customer's own part, edited from the pre-fill. */
  TaskContract draftLessons() {
    return TaskContract.task(Tasks.DRAFT_LESSONS_FOR_CUSTOMERS)
        .text(LESSONS_COMMON_TEXT, "Lessons for every affected customer")
        .optionalText(LESSONS_PER_CUSTOMER_TEXT, "Each customer's own part")
        .check(s -> LessonsForCustomers.parts(s.text(LESSONS_PER_CUSTOMER_TEXT),
            JsonLists.strings(s.current(AFFECTED_CUSTOMERS)), s::problem))
        .effect(c -> {
          c.set(LESSONS_DRAFTED_BY, c.actor());
          c.set(LESSONS_APPROVED, null);
          incidents.recordEvent(c, "lessons-drafted", "Lessons learned for customers drafted");
        })
        .build();
  }

  /**
   * {@code Task_ApproveLessonsForCustomers}: a second person approves, or returns the draft with comments. Approving a
   * text that names another customer than the one it goes to is refused, with the reason.
   */
  TaskContract approveLessons() {
    return TaskContract.task(Tasks.APPROVE_LESSONS_FOR_CUSTOMERS)
        .flag(LESSONS_APPROVED, "Approve the lessons for sending")
        .flag(PRIVACY_REVIEWED, "Privacy review done")
        .optionalText(LESSONS_REVIEW_COMMENTS, "Review comments (why the draft goes back)")
        .fourEyes(LESSONS_DRAFTED_BY, "drafted these lessons for customers")
        .check(s -> {
          if (s.flag(LESSONS_APPROVED)) {
            s.require(s.flag(PRIVACY_REVIEWED), "Confirm the privacy review: no other customer or their data is named");
            String common = s.current(LESSONS_COMMON_TEXT) == null ? null : String.valueOf(s.current(LESSONS_COMMON_TEXT));
            Object perCustomer = s.current(LESSONS_PER_CUSTOMER_TEXT);
            LessonsForCustomers.parts(perCustomer == null ? null : String.valueOf(perCustomer),
                    JsonLists.strings(s.current(AFFECTED_CUSTOMERS)), s::problem)
                .forEach((customerId, part) -> privacy.problems(customerId, java.util.Arrays.asList(common, part))
                    .forEach(s::problem));
          } else {
            s.require(s.text(LESSONS_REVIEW_COMMENTS) != null, "Review comments (why the draft goes back) are required");
          }
        })
        .effect(c -> {
          boolean approved = c.flag(LESSONS_APPROVED);
          c.set(LESSONS_APPROVED, approved);
          incidents.recordEvent(c, approved ? "lessons-approved" : "lessons-returned",
              approved ? "Lessons learned for customers approved" : "Lessons learned for customers returned for redrafting");
        })
        .build();
  }

  TaskContract postMortem() {
    return TaskContract.task(Tasks.CONDUCT_POST_MORTEM)
        .text(ROOT_CAUSE, "Root cause")
        .text(LESSONS_LEARNED, "Lessons learned")
        .optionalText(REPAIR_ITEMS_TEXT, "Repair items")
        .check(s -> parse(s.text(REPAIR_ITEMS_TEXT), s::problem))
        .effect(c -> {
          c.set(REPAIR_ITEMS, JsonLists.json(parse(c.text(REPAIR_ITEMS_TEXT), problem -> {
            throw new IllegalStateException("checked before completion: " + problem);
          })));
          c.set(POST_MORTEM_BY, c.actor());
        })
        .build();
  }

  TaskContract repairItem() {
    return TaskContract.task(RepairItemProcess.Tasks.IMPLEMENT_REPAIR_ITEM)
        .text(RepairItemProcess.Vars.OUTCOME, "What was done")
        .build();
  }

  /** One repair item per line: title | group | due in days. Every problem goes to {@code problems}. */
  static List<Map<String, Object>> parse(String text, Consumer<String> problems) {
    List<Map<String, Object>> items = new ArrayList<>();
    if (text == null) {
      return items;
    }
    for (String line : text.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("\\|");
      if (parts.length != 3) {
        problems.accept("Repair item \"" + line.trim() + "\" must read: title | group | due in days");
        continue;
      }
      String title = parts[0].trim();
      String group = parts[1].trim();
      int dueInDays = 0;
      try {
        dueInDays = Integer.parseInt(parts[2].trim());
      } catch (NumberFormatException e) {
        // reported below
      }
      boolean valid = true;
      if (title.isEmpty() || title.length() > MAX_TITLE) {
        problems.accept("Each repair item needs a title of at most " + MAX_TITLE + " characters");
        valid = false;
      }
      if (!REPAIR_GROUPS.contains(group)) {
        problems.accept("Repair item \"" + title + "\": group must be one of " + String.join(", ", REPAIR_GROUPS));
        valid = false;
      }
      if (dueInDays < 1 || dueInDays > 365) {
        problems.accept("Repair item \"" + title + "\": due in days must be 1 to 365");
        valid = false;
      }
      if (valid) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", title);
        item.put("group", group);
        item.put("dueInDays", dueInDays);
        items.add(item);
      }
    }
    if (items.size() > MAX_REPAIR_ITEMS) {
      problems.accept("At most " + MAX_REPAIR_ITEMS + " repair items");
    }
    return items;
  }
}
