package io.irflow.incident;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/** Reads the extension properties ({@code camunda:properties}) the model gives an element. */
final class ModelProperties {

  private ModelProperties() {}

  static Optional<String> of(BaseElement element, String name) {
    ExtensionElements extensions = element == null ? null : element.getExtensionElements();
    if (extensions == null) {
      return Optional.empty();
    }
    return extensions.getElementsQuery().filterByType(CamundaProperties.class).list().stream()
        .flatMap(properties -> properties.getCamundaProperties().stream())
        .filter(property -> name.equals(property.getCamundaName()))
        .map(CamundaProperty::getCamundaValue)
        .findFirst();
  }

  /** The property of the element the execution is at; an element without it is a modelling error. */
  static String required(DelegateExecution execution, String name) {
    return of(execution.getBpmnModelElementInstance(), name).orElseThrow(() -> new IllegalStateException(
        "Element " + execution.getCurrentActivityId() + " has no extension property " + name));
  }
}
