package io.irflow.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Signs the audit trail's checkpoints with the configured Ed25519 key. */
@Component
class AuditSigner {

  private static final Logger log = LoggerFactory.getLogger(AuditSigner.class);

  private final KeyPair keys;
  private final String keyId;

  AuditSigner(AuditProperties properties) {
    if (properties.signingKey() == null || properties.signingKey().isBlank()) {
      keys = AuditKeys.generate();
      log.warn("No IRFLOW_AUDIT_SIGNING_KEY: audit checkpoints are signed with a key made at start, which is lost at "
          + "restart (unfit for production). Its public key: {}", AuditKeys.base64(keys.getPublic()));
    } else {
      keys = AuditKeys.fromPrivateKey(properties.signingKey());
      log.info("Audit checkpoints are signed with key {}; public key: {}", AuditFormat.keyId(keys.getPublic()),
          AuditKeys.base64(keys.getPublic()));
    }
    keyId = AuditFormat.keyId(keys.getPublic());
  }

  /** The checkpoint line for the chain's head at {@code seq}, signed. */
  ObjectNode checkpoint(long seq, String hash, Instant time) {
    ObjectNode line = AuditFormat.checkpoint(seq, hash, time, keyId);
    line.put("signature", AuditFormat.sign(line, keys.getPrivate()));
    return line;
  }

  String keyId() {
    return keyId;
  }

  String publicKey() {
    return AuditKeys.base64(keys.getPublic());
  }
}
