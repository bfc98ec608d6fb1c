package io.irflow.tasks;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Puts the {@link EngineGuard} in front of every command of the engine, and gives a task's candidates and
 * assignee the right to work it (claim, unclaim, complete) instead of the engine's default right to change it.
 */
@Component
class EngineGuardPlugin extends AbstractProcessEnginePlugin {

  static final String TASK_PERMISSION = "TASK_WORK";

  private final TaskContracts contracts;
  private final RefusalLog refusals;

  // Lazy: the contracts and the refusal log use services that need the engine this plugin configures.
  EngineGuardPlugin(@Lazy TaskContracts contracts, @Lazy RefusalLog refusals) {
    this.contracts = contracts;
    this.refusals = refusals;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setDefaultUserPermissionNameForTask(TASK_PERMISSION);
    EngineGuard guard = new EngineGuard(contracts, refusals);
    if (configuration.getCustomPostCommandInterceptorsTxRequired() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequired(new java.util.ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequired().add(guard);
    if (configuration.getCustomPostCommandInterceptorsTxRequiresNew() == null) {
      configuration.setCustomPostCommandInterceptorsTxRequiresNew(new java.util.ArrayList<>());
    }
    configuration.getCustomPostCommandInterceptorsTxRequiresNew().add(new EngineGuard(contracts, refusals));
  }
}
