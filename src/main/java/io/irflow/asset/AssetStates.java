package io.irflow.asset;

import java.util.List;

/**
 * The recovery states of an asset, in order: {@code affected → contained → eradicated → restored → verified}. An asset
 * moves one step forward at a time, or back to {@code affected} from any later state when a new finding says it is
 * affected again (the note then says why). Anything else, and a move to the state it is already in, is refused.
 */
public final class AssetStates {

  public static final List<String> STATES = List.of("affected", "contained", "eradicated", "restored", "verified");
  public static final String AFFECTED = "affected";
  public static final String CONTAINED = "contained";
  public static final String VERIFIED = "verified";

  private AssetStates() {}

  /** Why {@code from → to} is refused, or null when it is allowed. Both must be states. */
  static String refusal(String from, String to) {
    if (from.equals(to)) {
      return "the asset is already " + to;
    }
    if (to.equals(AFFECTED)) {
      return null;
    }
    int step = STATES.indexOf(to) - STATES.indexOf(from);
    if (step == 1) {
      return null;
    }
    return step < 0 ? "an asset goes back only to affected, not from " + from + " to " + to
        : "after " + from + " comes " + STATES.get(STATES.indexOf(from) + 1) + ", not " + to;
  }
}
