package io.irflow.containment;

import java.util.Map;

/**
 * How a containment action is undone once the incident is recovered, or why it cannot be. The reverse operation is
 * sent to the tool configured for it ({@code irflow.containment.endpoints.<operation>}), falling back to the tool of
 * the action it reverses.
 */
public record ContainmentReversal(String actionType, String operation, String how) {

  private static final Map<String, ContainmentReversal> BY_TYPE = Map.of(
      "isolate-host", new ContainmentReversal("isolate-host", "release-host", "release the host from isolation"),
      "disable-account", new ContainmentReversal("disable-account", "enable-account",
          "re-enable the account after its credentials are reset"),
      "block-indicator", new ContainmentReversal("block-indicator", "unblock-indicator",
          "unblock the indicator after review"),
      "revoke-credentials", new ContainmentReversal("revoke-credentials", null,
          "cannot be reversed: revoked credentials are replaced, never restored"),
      "rotate-keys", new ContainmentReversal("rotate-keys", null,
          "cannot be reversed: the old keys are gone once rotated"),
      "other", new ContainmentReversal("other", null, "cannot be reversed: no known reverse operation"));

  /** The reversal of an action type; an unknown type cannot be reversed. */
  public static ContainmentReversal of(String actionType) {
    ContainmentReversal known = BY_TYPE.get(actionType);
    return known != null ? known
        : new ContainmentReversal(actionType, null, "cannot be reversed: no known reverse operation");
  }

  public boolean reversible() {
    return operation != null;
  }
}
