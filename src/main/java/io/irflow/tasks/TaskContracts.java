package io.irflow.tasks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Every task contract and start form of the product, collected from the features that declare them. */
@Component
public class TaskContracts {

  /** A feature's contracts: a Spring bean in the feature's package implements this. */
  public interface Source {
    List<TaskContract> contracts();
  }

  private final Map<String, TaskContract> byTask = new HashMap<>();
  private final Map<String, StartForm> byProcess = new HashMap<>();

  TaskContracts(List<Source> sources, List<StartForm> startForms) {
    for (Source source : sources) {
      for (TaskContract contract : source.contracts()) {
        if (byTask.putIfAbsent(contract.taskKey(), contract) != null) {
          throw new IllegalStateException("Two contracts for task " + contract.taskKey());
        }
      }
    }
    for (StartForm form : startForms) {
      byProcess.put(form.processKey(), form);
    }
  }

  public Optional<TaskContract> forTask(String taskDefinitionKey) {
    return Optional.ofNullable(byTask.get(taskDefinitionKey));
  }

  public Optional<StartForm> startForm(String processKey) {
    return Optional.ofNullable(byProcess.get(processKey));
  }

  public Map<String, TaskContract> all() {
    return Map.copyOf(byTask);
  }

  public Map<String, StartForm> startForms() {
    return Map.copyOf(byProcess);
  }
}
