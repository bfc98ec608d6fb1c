package io.irflow.evidence;

import io.irflow.identity.Groups;
import io.irflow.incident.IncidentRecord;
import io.irflow.incident.IncidentService;
import io.irflow.notification.NotificationService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evidence and its chain of custody. A file is kept as uploaded; its SHA-256 is checked before every download and on
 * request, and a file found changed or gone is never served: the failure goes to the custody log, the incident's
 * timeline ({@code evidence-integrity}), the incident managers and the metric
 * {@code irflow_evidence_integrity_failures_total}.
 */
@Service
public class EvidenceService {

  private static final Logger log = LoggerFactory.getLogger(EvidenceService.class);
  static final List<String> CUSTODIAN_GROUPS = List.of(Groups.RESPONDERS, Groups.INCIDENT_MANAGERS);

  /** An upload as read from the request, its file already staged. */
  record Upload(EvidenceStore.Staged file, String name, String contentType, String description, String supersedes) {}

  /** The result of an integrity check: {@code intact}, {@code mismatch} or {@code missing}, and the hash found. */
  record Check(String result, String sha256) {
    boolean intact() {
      return result.equals("intact");
    }
  }

  private final EvidenceRepository evidence;
  private final EvidenceStore store;
  private final IncidentService incidents;
  private final NotificationService notifications;
  private final EvidenceMetrics metrics;
  private final IdentityService identity;
  private final TransactionTemplate transaction;

  EvidenceService(EvidenceRepository evidence, EvidenceStore store, IncidentService incidents,
      NotificationService notifications, EvidenceMetrics metrics, @Lazy IdentityService identity,
      PlatformTransactionManager transactions) {
    this.evidence = evidence;
    this.store = store;
    this.incidents = incidents;
    this.notifications = notifications;
    this.metrics = metrics;
    this.identity = identity;
    this.transaction = new TransactionTemplate(transactions);
  }

  public List<Evidence> list(String incidentId) {
    return evidence.list(incidentId);
  }

  public Evidence require(String incidentId, String evidenceId) {
    if (evidenceId.length() > 36) {
      throw notFound(incidentId, evidenceId);
    }
    return evidence.find(incidentId, evidenceId).orElseThrow(() -> notFound(incidentId, evidenceId));
  }

  public List<CustodyEntry> custody(Evidence item) {
    return evidence.custody(item.id());
  }

  /**
   * Keeps a staged upload as a new evidence item held by its uploader: the row, the first custody entry and the
   * timeline event in one transaction, with the file moved to its place in it. The staged file is discarded when
   * anything is refused or fails.
   */
  Evidence upload(String incidentId, Upload upload, String actor) {
    try {
      return transaction.execute(tx -> {
        if (upload.supersedes() != null) {
          Evidence old = evidence.find(incidentId, upload.supersedes()).orElseThrow(() -> new EvidenceRefusal(
              HttpStatus.BAD_REQUEST, "supersedes: " + incidentId + " has no evidence " + upload.supersedes() + "."));
          if (old.supersededBy() != null) {
            throw alreadySuperseded(old);
          }
        }
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = now();
        Evidence item = new Evidence(id, incidentId, upload.name(), upload.contentType(), upload.file().size(),
            upload.file().sha256(), upload.description(), actor, now, actor, upload.supersedes(), null, id);
        try {
          evidence.insert(item);
        } catch (DuplicateKeyException e) {
          // Another correction of the same item committed first; this transaction can read nothing more.
          throw new EvidenceRefusal(HttpStatus.CONFLICT, "supersedes: evidence " + upload.supersedes()
              + " was superseded meanwhile; read it again and supersede its correction instead.");
        }
        evidence.record(id, new CustodyEntry(CustodyEntry.UPLOADED, actor, now, null, actor, null, null,
            item.sha256()));
        incidents.recordEvent(incidentId, "evidence-uploaded", actor, "Evidence " + item.name() + " (" + item.size()
            + " bytes, SHA-256 " + item.sha256() + ")" + (item.supersedes() == null ? ""
            : ", superseding " + item.supersedes()));
        try {
          store.commit(upload.file(), item.storageKey());
        } catch (IOException e) {
          throw new IllegalStateException("Could not keep the evidence file", e);
        }
        return item;
      });
    } finally {
      store.discard(upload.file());
    }
  }

  /** Computes the SHA-256 of the stored file and compares it with the one taken at upload. */
  Check check(Evidence item) {
    MessageDigest sha256 = DirectoryEvidenceStore.sha256();
    try (InputStream in = new DigestInputStream(store.open(item.storageKey()), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      return new Check("missing", null);
    } catch (IOException e) {
      log.warn("Could not read evidence {} of {}", item.id(), item.incidentId(), e);
      return new Check("missing", null);
    }
    String found = HexFormat.of().formatHex(sha256.digest());
    return new Check(found.equals(item.sha256()) ? "intact" : "mismatch", found);
  }

  /** An integrity check on request: recorded in the custody log and on the timeline, whatever its result. */
  Check verify(Evidence item, String actor) {
    Check check = check(item);
    recordCheck(item, actor, check, "integrity check");
    return check;
  }

  /**
   * Checks the file and, when it is intact, records the download before anything is sent; a failed check is recorded
   * and reported, and the download refused (409).
   */
  Check beginDownload(Evidence item, String actor) {
    Check check = check(item);
    if (!check.intact()) {
      recordCheck(item, actor, check, "download refused");
      throw new EvidenceRefusal(HttpStatus.CONFLICT, "Evidence " + item.id() + " is not served: its content "
          + (check.result().equals("missing") ? "is gone from the store" : "no longer matches the SHA-256 taken at upload")
          + ". The incident managers have been alerted.");
    }
    transaction.executeWithoutResult(tx -> {
      evidence.record(item.id(), new CustodyEntry(CustodyEntry.DOWNLOADED, actor, now(), null, null, null, null,
          check.sha256()));
      incidents.recordEvent(item.incidentId(), "evidence-downloaded", actor, "Evidence " + item.name() + " ("
          + item.id() + ") downloaded, SHA-256 verified");
    });
    return check;
  }

  /**
   * Streams the content to {@code out}, hashing it again on the way: should the file change between the check and the
   * download, the failure is recorded and reported and the stream broken off before its last byte.
   */
  void streamContent(Evidence item, String actor, OutputStream out) throws IOException {
    MessageDigest sha256 = DirectoryEvidenceStore.sha256();
    long read = 0;
    try (InputStream in = new DigestInputStream(store.open(item.storageKey()), sha256)) {
      // The last chunk read is held back until the whole file is known to match.
      byte[] pending = new byte[0];
      for (byte[] chunk; (chunk = in.readNBytes(64 * 1024)).length > 0; ) {
        out.write(pending);
        pending = chunk;
        read += chunk.length;
      }
      String found = HexFormat.of().formatHex(sha256.digest());
      if (read != item.size() || !found.equals(item.sha256())) {
        recordCheck(item, actor, new Check("mismatch", found), "changed during download");
        throw new IOException("Evidence " + item.id() + " changed while it was served");
      }
      out.write(pending);
    }
  }

  /**
   * Hands the item to {@code to}, a responder or incident manager, for {@code reason}. The custodian hands it over;
   * an incident manager may also take it from anyone.
   */
  Evidence transfer(Evidence item, String to, String reason, String actor, boolean manager) {
    if (!actor.equals(item.custodian()) && !manager) {
      throw new EvidenceRefusal(HttpStatus.FORBIDDEN, "Cannot transfer the custody of evidence " + item.id()
          + ": only its custodian (" + item.custodian() + ") or an incident manager may.");
    }
    if (to.equals(item.custodian())) {
      throw new EvidenceRefusal(HttpStatus.BAD_REQUEST, "to: " + to + " already holds evidence " + item.id() + ".");
    }
    boolean allowed = identity.createGroupQuery().groupMember(to).list().stream()
        .anyMatch(g -> CUSTODIAN_GROUPS.contains(g.getId()));
    if (!allowed) {
      throw new EvidenceRefusal(HttpStatus.BAD_REQUEST, "to: " + to
          + " is not a user in responders or incident-managers.");
    }
    transaction.executeWithoutResult(tx -> {
      if (!evidence.changeCustodian(item.id(), item.custodian(), to)) {
        throw new EvidenceRefusal(HttpStatus.CONFLICT, "Evidence " + item.id()
            + " changed hands meanwhile; read it again.");
      }
      evidence.record(item.id(), new CustodyEntry(CustodyEntry.TRANSFERRED, actor, now(), item.custodian(), to, reason,
          null, null));
      incidents.recordEvent(item.incidentId(), "evidence-custody", actor, "Evidence " + item.name() + " (" + item.id()
          + ") handed from " + item.custodian() + " to " + to + ": " + reason);
    });
    return require(item.incidentId(), item.id());
  }

  private void recordCheck(Evidence item, String actor, Check check, String occasion) {
    transaction.executeWithoutResult(tx -> {
      evidence.record(item.id(), new CustodyEntry(CustodyEntry.VERIFIED, actor, now(), null, null, occasion,
          check.result(), check.sha256()));
      incidents.recordEvent(item.incidentId(), "evidence-integrity", actor, "Evidence " + item.name() + " ("
          + item.id() + "): " + (check.intact() ? "intact, SHA-256 matches" : check.result().equals("missing")
          ? "FAILED, the file is gone from the store" : "FAILED, SHA-256 found " + check.sha256() + ", at upload "
          + item.sha256()) + " (" + occasion + ")");
    });
    if (!check.intact()) {
      metrics.integrityFailed();
      alertManagers(item, check);
    }
  }

  private void alertManagers(Evidence item, Check check) {
    boolean drill = incidents.find(item.incidentId()).map(IncidentRecord::drill).orElse(false);
    try {
      notifications.evidenceIntegrityFailed(item.incidentId(), item.name() + " (" + item.id() + ")", item.sha256(),
          check.result().equals("missing") ? "the file is gone" : check.sha256(), drill,
          "evidence-integrity:" + item.id() + ":" + UUID.randomUUID());
    } catch (RuntimeException e) {
      // The failure is on the timeline and in the metric; the delivery log keeps the failed message for a retry.
      log.error("Could not alert the incident managers about evidence {} of {}", item.id(), item.incidentId(), e);
    }
  }

  private static EvidenceRefusal alreadySuperseded(Evidence old) {
    return new EvidenceRefusal(HttpStatus.CONFLICT, "supersedes: evidence " + old.id() + " is already superseded by "
        + old.supersededBy() + "; supersede that one instead.");
  }

  private static EvidenceRefusal notFound(String incidentId, String evidenceId) {
    return new EvidenceRefusal(HttpStatus.NOT_FOUND, incidentId + " has no evidence " + evidenceId + ".");
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
