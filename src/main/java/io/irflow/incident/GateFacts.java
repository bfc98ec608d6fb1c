package io.irflow.incident;

import java.util.Map;

/**
 * Facts a gate decision ({@code incidentGates.dmn}) reads that another feature keeps: how many assets are still
 * affected or not verified, how many obligations are open, whether the post-mortem is published. Each feature
 * implements it for its own part, so the incident feature reads none of their tables.
 */
public interface GateFacts {

  /** This feature's facts about the incident, by the names the decisions use as inputs. */
  Map<String, Object> facts(String incidentId);
}
