package io.irflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.incident.SecurityIncidentProcess;
import io.irflow.postmortem.RepairItemProcess;
import io.irflow.vulnerability.SoftwareVulnerabilityProcess;
import io.irflow.readiness.ReadinessProgram;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ScriptTask;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import java.util.Map;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaExecutionListener;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Conventions every model in bpmn/ keeps, checked on the files themselves (no engine needed). */
class ModelConventionsTest {

  static final Path MODELS = Path.of("bpmn");
  static final Path FORMS = Path.of("forms");
  static final String ID_PATTERN =
      "(Task|Gateway|StartEvent|EndEvent|BoundaryEvent|IntermediateEvent|Flow|SubProcess|EventSubProcess|CallActivity)_[A-Z][A-Za-z]+";

  static Stream<File> models() {
    return Stream.of(MODELS.toFile().listFiles((dir, name) -> name.endsWith(".bpmn")));
  }

  static BpmnModelInstance read(File file) {
    return Bpmn.readModelFromFile(file);
  }

  static Collection<FlowElement> flowElements(BpmnModelInstance model) {
    return model.getModelElementsByType(FlowElement.class);
  }

  /**
   * bpmnlint's no-implicit-end, with the case it misreads understood: a compensation boundary event inside a
   * subprocess ends nowhere because its association leads to its handler, and the handler itself has no flows.
   */
  @ParameterizedTest
  @MethodSource("models")
  void noElementIsAnImplicitEnd(File file) {
    BpmnModelInstance model = read(file);
    Set<String> associated = model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.Association.class).stream()
        .map(a -> a.getSource().getId()).collect(Collectors.toSet());
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      if (!node.getOutgoing().isEmpty() || node instanceof EndEvent
          || node instanceof SubProcess sub && sub.triggeredByEvent()
          || node instanceof org.camunda.bpm.model.bpmn.instance.Activity activity && activity.isForCompensation()
          || node instanceof org.camunda.bpm.model.bpmn.instance.BoundaryEvent boundary
              && boundary.getEventDefinitions().stream().allMatch(d ->
                  d instanceof org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition)
              && associated.contains(boundary.getId())) {
        continue;
      }
      assertThat(node.getId()).as(node.getId() + " ends its path without an end event").isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void fileIsNamedAfterItsProcessWhichKeepsHistoryForAFixedTime(File file) {
    BpmnModelInstance model = read(file);
    Collection<Process> processes = model.getModelElementsByType(Process.class);
    assertThat(processes).hasSize(1);
    Process process = processes.iterator().next();
    assertThat(file.getName()).isEqualTo(process.getId() + ".bpmn");
    assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    assertThat(process.getCamundaVersionTag()).isNotBlank();
    assertThat(process.isExecutable()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("models")
  void serviceTasksAreBoundByDelegateExpressionAndNoScriptsAreDeployed(File file) {
    BpmnModelInstance model = read(file);
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      assertThat(task.getCamundaDelegateExpression()).as(task.getId()).matches("\\$\\{[a-zA-Z]+}");
      assertThat(task.getCamundaClass()).as(task.getId()).isNull();
      assertThat(task.getCamundaExpression()).as(task.getId()).isNull();
      assertThat(task.getCamundaType()).as(task.getId()).isNull();
    }
    assertThat(model.getModelElementsByType(ScriptTask.class)).isEmpty();
    assertThat(Files.exists(file.toPath())).isTrue();
    String xml = readString(file.toPath());
    assertThat(xml).doesNotContain("camunda:class=").doesNotContain("camunda:script").doesNotContain("scriptFormat");
  }

  @ParameterizedTest
  @MethodSource("models")
  void userTasksHaveACandidateGroupAndAFormThatExists(File file) {
    BpmnModelInstance model = read(file);
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      assertThat(task.getCamundaCandidateGroups()).as(task.getId() + " candidate groups").isNotBlank();
      assertThat(task.getCamundaFormRef()).as(task.getId() + " form").isNotBlank();
      assertThat(FORMS.resolve(task.getCamundaFormRef() + ".form")).as(task.getId() + " form file").exists();
      // Tasklist shows the incident in a column of its own, and Cockpit shows a name's expressions unresolved: a name
      // says what to do, with an expression only where it tells two tasks of one incident apart.
      assertThat(task.getName()).as(task.getId() + " name").isNotBlank().doesNotContain("${incidentId}")
          .doesNotContain("${title").doesNotContain("${description");
    }
    Process process = model.getModelElementsByType(Process.class).iterator().next();
    boolean startableInTasklist = process.getCamundaCandidateStarterGroups() != null;
    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
      if (startableInTasklist && start.getEventDefinitions().isEmpty() && !(start.getParentElement() instanceof SubProcess)) {
        assertThat(start.getCamundaFormRef()).as(start.getId() + " start form").isNotBlank();
        assertThat(FORMS.resolve(start.getCamundaFormRef() + ".form")).exists();
      }
    }
  }

  /**
   * Every user task is due by the SLA or the obligation it serves: the incident's and the readiness program's by their
   * SLAs, the notices' and filings' by their legal deadline.
   */
  @ParameterizedTest
  @ValueSource(strings = {"securityIncident.bpmn", "readinessProgram.bpmn", "notificationObligation.bpmn",
      "repairItem.bpmn", "softwareVulnerability.bpmn"})
  void everyUserTaskIsDueByItsSla(String name) {
    BpmnModelInstance model = read(MODELS.resolve(name).toFile());
    Collection<UserTask> tasks = model.getModelElementsByType(UserTask.class);
    assertThat(tasks).isNotEmpty();
    for (UserTask task : tasks) {
      assertThat(task.getCamundaDueDate()).as(task.getId() + " due date")
          .matches("\\$\\{[a-zA-Z]+}|P(\\d+D|T\\d+[HM])");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void everyElementHasItsDiagramShapeAndAReadableId(File file) {
    BpmnModelInstance model = read(file);
    Set<String> shapes = model.getModelElementsByType(BpmnShape.class).stream()
        .map(s -> s.getBpmnElement().getId()).collect(Collectors.toSet());
    Set<String> edges = model.getModelElementsByType(BpmnEdge.class).stream()
        .map(e -> e.getBpmnElement().getId()).collect(Collectors.toSet());
    for (FlowElement element : flowElements(model)) {
      if (element instanceof SequenceFlow) {
        assertThat(edges).as("edge of " + element.getId()).contains(element.getId());
      } else {
        assertThat(shapes).as("shape of " + element.getId()).contains(element.getId());
      }
      if (element instanceof FlowNode || element instanceof SequenceFlow) {
        assertThat(element.getId()).as("readable id").matches(ID_PATTERN);
      }
    }
  }

  /**
   * The pictures of the models in {@code docs/images/models} (drawn by {@code tools/model-render}) show every element
   * of the model's main diagram and nothing that is no longer in it: a model changed without drawing it again fails.
   */
  @ParameterizedTest
  @MethodSource("models")
  void theDocsShowTheCurrentDiagram(File file) throws Exception {
    BpmnModelInstance model = read(file);
    org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane main = model.getDefinitions().getBpmDiagrams().iterator()
        .next().getBpmnPlane();
    Set<String> drawn = main.getDiagramElements().stream()
        .map(e -> e instanceof BpmnShape shape ? shape.getBpmnElement().getId()
            : ((BpmnEdge) e).getBpmnElement().getId())
        .collect(Collectors.toSet());
    Path picture = Path.of("docs", "images", "models", file.getName().replace(".bpmn", ".svg"));
    assertThat(picture).as("picture of " + file.getName() + " (cd tools/model-render && npm ci && npm run render)")
        .exists();
    Set<String> pictured = java.util.regex.Pattern.compile("data-element-id=\"([^\"]+)\"")
        .matcher(Files.readString(picture)).results().map(m -> m.group(1))
        .filter(id -> !id.endsWith("_label")).collect(Collectors.toSet());
    assertThat(pictured).as(picture + " is drawn from the current model (cd tools/model-render && npm ci && npm run "
        + "render)").isEqualTo(drawn);
  }

  /** A label overlaps no other label and no shape but its own element's and the subprocesses that hold it. */
  @ParameterizedTest
  @MethodSource("models")
  void labelsDoNotOverlap(File file) {
    BpmnModelInstance model = read(file);
    Map<String, Bounds> shapes = new java.util.HashMap<>();
    Map<String, Bounds> labels = new java.util.HashMap<>();
    for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
      if (!(shape.getBpmnElement() instanceof SubProcess)) {
        shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
      }
      if (shape.getBpmnLabel() != null && shape.getBpmnLabel().getBounds() != null) {
        labels.put(shape.getBpmnElement().getId(), shape.getBpmnLabel().getBounds());
      }
    }
    for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
      if (edge.getBpmnLabel() != null && edge.getBpmnLabel().getBounds() != null) {
        labels.put(edge.getBpmnElement().getId(), edge.getBpmnLabel().getBounds());
      }
    }
    List<String> overlaps = new ArrayList<>();
    labels.forEach((element, label) -> {
      labels.forEach((other, otherLabel) -> {
        if (element.compareTo(other) < 0 && overlap(label, otherLabel)) {
          overlaps.add("label of " + element + " / label of " + other);
        }
      });
      shapes.forEach((other, shape) -> {
        if (!element.equals(other) && overlap(label, shape)) {
          overlaps.add("label of " + element + " / " + other);
        }
      });
    });
    assertThat(overlaps).as(file.getName()).isEmpty();
  }

  private static boolean overlap(Bounds a, Bounds b) {
    return a.getX() < b.getX() + b.getWidth() && b.getX() < a.getX() + a.getWidth()
        && a.getY() < b.getY() + b.getHeight() && b.getY() < a.getY() + a.getHeight();
  }

  @ParameterizedTest
  @MethodSource("models")
  void callsToOutsideSystemsAreAsynchronousWithRetries(File file) {
    BpmnModelInstance model = read(file);
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      String bean = task.getCamundaDelegateExpression();
      boolean outside = bean.contains("Notif") || bean.contains("Customer") || bean.contains("page")
          || bean.contains("Containment") || bean.contains("publish") || bean.contains("remind") || bean.contains("warn");
      if (!outside) {
        continue;
      }
      String xml = task.getDomElement().toString();
      boolean asyncTask = task.isCamundaAsyncBefore();
      boolean asyncInstances = task.getLoopCharacteristics() != null
          && task.getLoopCharacteristics().getAttributeValueNs("http://camunda.org/schema/1.0/bpmn", "asyncBefore") != null;
      assertThat(asyncTask || asyncInstances).as(task.getId() + " is its own job").isTrue();
      assertThat(xml).isNotNull();
    }
  }

  /**
   * Listeners are bound the one way delegates are: by {@code delegateExpression} to a bean the application has, never
   * by class, expression or script.
   */
  @ParameterizedTest
  @MethodSource("models")
  void listenersAreBoundByDelegateExpressionToBeansThatExist(File file) throws Exception {
    BpmnModelInstance model = read(file);
    Set<String> beans = beanNames();
    List<String> bound = new ArrayList<>();
    for (CamundaExecutionListener listener : model.getModelElementsByType(CamundaExecutionListener.class)) {
      String where = ((BaseElement) listener.getParentElement().getParentElement()).getId() + " execution listener";
      assertThat(listener.getCamundaClass()).as(where).isNull();
      assertThat(listener.getCamundaExpression()).as(where).isNull();
      assertThat(listener.getCamundaScript()).as(where).isNull();
      bound.add(bean(where, listener.getCamundaDelegateExpression()));
    }
    for (CamundaTaskListener listener : model.getModelElementsByType(CamundaTaskListener.class)) {
      String where = ((BaseElement) listener.getParentElement().getParentElement()).getId() + " task listener";
      assertThat(listener.getCamundaClass()).as(where).isNull();
      assertThat(listener.getCamundaExpression()).as(where).isNull();
      assertThat(listener.getCamundaScript()).as(where).isNull();
      bound.add(bean(where, listener.getCamundaDelegateExpression()));
    }
    for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
      bound.add(bean(task.getId(), task.getCamundaDelegateExpression()));
    }
    assertThat(beans).as("beans the listeners and delegates of " + file.getName() + " name").containsAll(bound);
    assertThat(readString(file.toPath())).doesNotContain(" expression=\"").doesNotContain("camunda:expression=");
  }

  /**
   * The phase an element opens, the outcome an end event closes with and the SLA clock a task serves are extension
   * properties of the element, with a value the application knows.
   */
  @Test
  void securityIncidentElementsCarryThePropertiesTheirListenersRead() {
    BpmnModelInstance model = read(MODELS.resolve("securityIncident.bpmn").toFile());
    Set<String> phasesOpened = new java.util.HashSet<>();
    for (FlowElement element : flowElements(model)) {
      Set<String> listeners = model.getModelElementsByType(CamundaExecutionListener.class).stream()
          .filter(l -> l.getParentElement().getParentElement() == element)
          .map(CamundaExecutionListener::getCamundaDelegateExpression).collect(Collectors.toSet());
      String phase = property(element, SecurityIncidentProcess.Properties.PHASE);
      String outcome = property(element, SecurityIncidentProcess.Properties.OUTCOME);
      String clock = property(element, SecurityIncidentProcess.Properties.SLA_CLOCK);
      assertThat(phase != null).as(element.getId() + " phase property beside its phase listener")
          .isEqualTo(listeners.contains("${phaseListener}"));
      assertThat(outcome != null).as(element.getId() + " outcome property beside its close listener")
          .isEqualTo(listeners.contains("${closeIncidentListener}"));
      if (phase != null) {
        assertThat(phase).as(element.getId()).isIn(SecurityIncidentProcess.PHASES).isNotEqualTo("closed");
        assertThat(phasesOpened.add(phase)).as("one element opens " + phase).isTrue();
      }
      if (outcome != null) {
        assertThat(outcome).as(element.getId()).isIn(SecurityIncidentProcess.OUTCOMES);
      }
      if (element instanceof EndEvent end && end.getParentElement() instanceof Process
          && end.getEventDefinitions().isEmpty()) {
        assertThat(outcome).as(end.getId() + " closes the incident with an outcome").isNotNull();
      }
      if (element instanceof UserTask task) {
        String due = task.getCamundaDueDate();
        String expected = switch (due) {
          case "${acknowledgeDueAt}" -> "acknowledge";
          case "${containDueAt}" -> "contain";
          case "${recoverDueAt}" -> "recover";
          case "${statusUpdateEvery}", "${acknowledgeWithin}", "${postMortemWithin}" -> "own";
          default -> null;
        };
        if (clock != null || "acknowledge".equals(expected) || "recover".equals(expected)) {
          assertThat(clock).as(task.getId() + " SLA clock, by the deadline it is due").isEqualTo(expected);
        }
      } else {
        assertThat(clock).as(element.getId() + " only user tasks serve a clock").isNull();
      }
      if (clock != null) {
        assertThat(clock).isIn(SecurityIncidentProcess.SLA_CLOCKS);
      }
    }
    assertThat(phasesOpened).containsExactlyInAnyOrderElementsOf(
        SecurityIncidentProcess.PHASES.stream().filter(p -> !p.equals("closed")).toList());
  }

  private static String property(BaseElement element, String name) {
    if (element.getExtensionElements() == null) {
      return null;
    }
    return element.getExtensionElements().getElementsQuery().filterByType(CamundaProperties.class).list().stream()
        .flatMap(p -> p.getCamundaProperties().stream()).filter(p -> name.equals(p.getCamundaName()))
        .map(CamundaProperty::getCamundaValue).findFirst().orElse(null);
  }

  private static String bean(String where, String delegateExpression) {
    assertThat(delegateExpression).as(where + " delegateExpression").isNotNull().matches("\\$\\{[a-zA-Z]+}");
    return delegateExpression.substring(2, delegateExpression.length() - 1);
  }

  /**
   * The names of the application's beans, as Spring names them: a component's given name or its class name
   * decapitalised, and a {@code @Bean} method's name.
   */
  static Set<String> beanNames() throws java.io.IOException {
    java.util.regex.Pattern named = java.util.regex.Pattern.compile("@(?:Component|Service)\\(\"([A-Za-z]+)\"\\)");
    java.util.regex.Pattern unnamed = java.util.regex.Pattern.compile("@(?:Component|Service)\\s");
    java.util.regex.Pattern beanMethod = java.util.regex.Pattern.compile(
        "@Bean\\s+(?:public\\s+|static\\s+)*[\\w<>.?, ]+?\\s(\\w+)\\s*\\(");
    Set<String> names = new java.util.HashSet<>();
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        String code = Files.readString(source);
        var method = beanMethod.matcher(code);
        while (method.find()) {
          names.add(method.group(1));
        }
        var given = named.matcher(code);
        if (given.find()) {
          names.add(given.group(1));
        } else if (unnamed.matcher(code).find()) {
          String type = source.getFileName().toString().replace(".java", "");
          names.add(Character.toLowerCase(type.charAt(0)) + type.substring(1));
        }
      }
    }
    return names;
  }

  @Test
  void publicConstantsNameElementsThatExist() throws Exception {
    Set<String> ids = new java.util.HashSet<>();
    models().forEach(f -> read(f).getModelElementsByType(BaseElement.class).forEach(e -> ids.add(e.getId())));
    List<String> constants = new ArrayList<>();
    for (Class<?> holder : List.of(SecurityIncidentProcess.Tasks.class, SecurityIncidentProcess.Events.class,
        RepairItemProcess.Tasks.class, ReadinessProgram.Tasks.class, SoftwareVulnerabilityProcess.Tasks.class,
        SoftwareVulnerabilityProcess.Events.class)) {
      for (Field field : holder.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          constants.add((String) field.get(null));
        }
      }
    }
    assertThat(constants).hasSizeGreaterThan(30);
    assertThat(ids).containsAll(constants);
    assertThat(ids).contains(SecurityIncidentProcess.MESSAGE_INCIDENT_REPORTED, SecurityIncidentProcess.MESSAGE_ALERT_CORRELATED);
  }

  @Test
  void formsDeclareASchemaTasklistRenders() throws Exception {
    try (Stream<Path> forms = Files.list(FORMS)) {
      List<Path> all = forms.filter(p -> p.toString().endsWith(".form")).toList();
      assertThat(all).hasSizeGreaterThanOrEqualTo(15);
      for (Path form : all) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(form.toFile());
        assertThat(json.get("id").asText()).isEqualTo(form.getFileName().toString().replace(".form", ""));
        assertThat(json.get("schemaVersion").asInt()).isLessThanOrEqualTo(16);
        List<String> keys = new ArrayList<>();
        json.get("components").forEach(c -> { if (c.has("key")) keys.add(c.get("key").asText()); });
        assertThat(keys).as(form + " keys").doesNotHaveDuplicates();
      }
    }
  }

  private static String readString(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
