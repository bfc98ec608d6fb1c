package io.irflow.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.irflow.testsupport.H2Test;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Form and server cannot drift: every user task and start form of every model has a contract, and the contract
 * declares exactly the fields a person can fill in its form (the read-only context fields are never submitted),
 * with the same kind, the same choices and the same length limit.
 */
@SpringBootTest
@H2Test
class TaskContractFormsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Autowired TaskContracts contracts;

  @Test
  void everyFormHasAContractThatDeclaresExactlyItsEditableFields() throws Exception {
    Map<String, String> formOf = new LinkedHashMap<>();
    Map<String, TaskContract> contractOf = new LinkedHashMap<>();
    for (File file : new File("bpmn").listFiles((dir, name) -> name.endsWith(".bpmn"))) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file);
      for (UserTask task : model.getModelElementsByType(UserTask.class)) {
        formOf.put(task.getId(), task.getCamundaFormRef());
        contractOf.put(task.getId(), contracts.forTask(task.getId()).orElse(null));
      }
      for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
        if (start.getCamundaFormRef() != null) {
          String process = ((Process) start.getScope()).getId();
          formOf.put(start.getId(), start.getCamundaFormRef());
          contractOf.put(start.getId(), contracts.startForm(process).map(StartForm::contract)
              .filter(c -> c.taskKey().equals(start.getId())).orElse(null));
        }
      }
    }
    assertThat(formOf).as("the models have forms").hasSizeGreaterThan(15);
    List<String> problems = new ArrayList<>();
    formOf.forEach((element, formId) -> {
      TaskContract contract = contractOf.get(element);
      if (contract == null) {
        problems.add(element + " has no contract");
        return;
      }
      Map<String, JsonNode> fields = editableFields(formId);
      if (!fields.keySet().equals(contract.outputs().keySet())) {
        problems.add(element + ": form " + formId + " has " + fields.keySet() + ", contract " + contract.outputs().keySet());
        return;
      }
      fields.forEach((key, field) -> {
        TaskContract.Output output = contract.outputs().get(key);
        String type = field.get("type").asText();
        TaskContract.Kind expected = switch (type) {
          case "checkbox" -> TaskContract.Kind.FLAG;
          case "number" -> TaskContract.Kind.NUMBER;
          case "select", "radio" -> TaskContract.Kind.CHOICE;
          default -> TaskContract.Kind.TEXT;
        };
        if (output.kind() != expected) {
          problems.add(element + "." + key + ": form " + type + ", contract " + output.kind());
        }
        if (field.has("values")) {
          List<String> values = new ArrayList<>();
          field.get("values").forEach(v -> values.add(v.get("value").asText()));
          if (!values.equals(output.values())) {
            problems.add(element + "." + key + ": form choices " + values + ", contract " + output.values());
          }
        }
        int maxLength = field.path("validate").path("maxLength").asInt(0);
        if (maxLength > 0 && maxLength != output.maxLength()) {
          problems.add(element + "." + key + ": form maxLength " + maxLength + ", contract " + output.maxLength());
        }
        if (expected == TaskContract.Kind.TEXT && maxLength == 0) {
          problems.add(element + "." + key + ": the form sets no maxLength (contract " + output.maxLength() + ")");
        }
      });
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyContractBelongsToATaskOfTheModels() throws Exception {
    List<String> ids = new ArrayList<>();
    for (File file : new File("bpmn").listFiles((dir, name) -> name.endsWith(".bpmn"))) {
      Bpmn.readModelFromFile(file).getModelElementsByType(UserTask.class).forEach(t -> ids.add(t.getId()));
    }
    assertThat(ids).containsAll(contracts.all().keySet());
  }

  private static Map<String, JsonNode> editableFields(String formId) {
    try {
      JsonNode form = JSON.readTree(new File("forms/" + formId + ".form"));
      assertThat(form.get("id").asText()).isEqualTo(formId);
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      collect(form.get("components"), fields);
      return fields;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collect(JsonNode components, Map<String, JsonNode> fields) {
    for (JsonNode component : components) {
      if (component.has("components")) {
        collect(component.get("components"), fields);
      }
      if (component.has("key") && !component.path("disabled").asBoolean(false) && !component.path("readonly").asBoolean(false)) {
        fields.put(component.get("key").asText(), component);
      }
    }
  }
}
