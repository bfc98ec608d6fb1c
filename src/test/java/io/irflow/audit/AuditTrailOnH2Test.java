package io.irflow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.irflow.testsupport.H2Test;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The zero-setup default: the audit tables, the sealer and the export work on H2 as on PostgreSQL. */
@SpringBootTest
@H2Test
class AuditTrailOnH2Test {

  @Autowired AuditLog log;
  @Autowired AuditExport export;
  @Autowired AuditSigner signer;

  @Test
  void entriesAreSealedExportedAndVerified() {
    log.append(Instant.now(), "SIR-2026-00001", "reported", "bob", AuditFormat.JSON.valueToTree(Map.of("summary", "é ✓")));
    log.append(Instant.now(), null, "engine.job-log.failed", null, AuditFormat.JSON.valueToTree(Map.of("retries", 2)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    export.write(null, null, out);

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).anyMatch(l -> l.contains("\"kind\":\"reported\"") && l.contains("é ✓"));
    AuditVerifier.Result result = AuditVerifier.verify(lines, AuditKeys.publicKey(signer.publicKey()));
    assertThat(result.valid()).as(result.message()).isTrue();
  }
}
