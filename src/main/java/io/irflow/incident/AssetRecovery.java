package io.irflow.incident;

import java.util.List;

/**
 * Told, in the completion's transaction, which of the incident's assets the recovery task names as restored and as
 * verified. The asset feature implements it, so this package knows nothing of assets. It must not fail the completion:
 * an identifier that is no asset, or an asset not ready for that state, is left as it is and noted on the timeline.
 */
public interface AssetRecovery {

  void recovered(String incidentId, List<String> restored, List<String> verified, String actor);
}
