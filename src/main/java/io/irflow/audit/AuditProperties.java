package io.irflow.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit trail's settings ({@code irflow.audit.*}).
 *
 * @param signingKey the Ed25519 private key that signs checkpoints, PKCS#8 as base64 DER or PEM
 *     ({@code IRFLOW_AUDIT_SIGNING_KEY}); empty: a key made at start, unfit for production
 * @param sealInterval how often the sealer chains new entries and signs a checkpoint
 */
@ConfigurationProperties("irflow.audit")
record AuditProperties(String signingKey, Duration sealInterval) {

  AuditProperties {
    sealInterval = sealInterval == null ? Duration.ofSeconds(10) : sealInterval;
  }
}
