package io.irflow.system;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Security settings of the engine that no configuration file may weaken. Applied last, after the
 * starter's own plugins and generic properties.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class EngineHardeningPlugin extends AbstractProcessEnginePlugin {

  static final String ALLOWED_PACKAGES = "io.irflow";
  static final int QUERY_MAX_RESULTS = 2000;
  /**
   * The engine's own lock is per account only, so anyone could lock any account (alert intake included) by
   * guessing its password. Password guessing is throttled per account and source address instead
   * (io.irflow.identity.LoginThrottle); the engine never locks: no attempt limit, and a delay of
   * base * factor^(n-1), at most maxTime, all zero.
   */
  static final int LOGIN_MAX_ATTEMPTS = Integer.MAX_VALUE;
  static final int LOGIN_DELAY = 0;
  /** User, group and tenant ids: letters and digits, then also dots, dashes and underscores (e.g. incident-managers). */
  static final String RESOURCE_ID_PATTERN = "[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}";

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setJavaSerializationFormatEnabled(false);
    configuration.setDeserializationTypeValidationEnabled(true);
    configuration.setDeserializationAllowedPackages(ALLOWED_PACKAGES);
    configuration.setQueryMaxResultsLimit(QUERY_MAX_RESULTS);
    configuration.setEnablePasswordPolicy(true);
    configuration.setWebappsAuthenticationLoggingEnabled(true);
    configuration.setEnableExpressionsInStoredQueries(false);
    configuration.setEnableExpressionsInAdhocQueries(false);
    configuration.setLoginMaxAttempts(LOGIN_MAX_ATTEMPTS);
    configuration.setLoginDelayBase(LOGIN_DELAY);
    configuration.setLoginDelayFactor(LOGIN_DELAY);
    configuration.setLoginDelayMaxTime(LOGIN_DELAY);
    configuration.setAuthorizationEnabled(true);
    configuration.setEnforceHistoryTimeToLive(true);
    configuration.setGeneralResourceWhitelistPattern(RESOURCE_ID_PATTERN);
  }
}
