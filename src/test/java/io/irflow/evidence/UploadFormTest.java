package io.irflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** Reading the upload form from the request stream, without Spring: fields, file names, refusals, nothing left over. */
class UploadFormTest {

  static final String BOUNDARY = "b0undary";

  @TempDir Path directory;

  DirectoryEvidenceStore store() throws Exception {
    return new DirectoryEvidenceStore(new EvidenceProperties(DataSize.ofKilobytes(1),
        new EvidenceProperties.Store(directory)));
  }

  static MockHttpServletRequest request(String body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/incidents/SIR-2026-00001/evidence");
    request.setContentType("multipart/form-data; boundary=" + BOUNDARY);
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }

  static String field(String name, String value) {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }

  static String file(String fileName, String contentType, String content) {
    return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n" + content + "\r\n";
  }

  static String end() {
    return "--" + BOUNDARY + "--\r\n";
  }

  @Test
  void theFileIsStagedWithItsHashAndTheFieldsAreRead() throws Exception {
    DirectoryEvidenceStore store = store();
    String supersedes = "0c6f3f8e-1d2a-4b7e-9a61-5b2f0e7d9c11";

    EvidenceService.Upload upload = UploadForm.read(request(file("C:\\\\Users\\\\alice\\\\auth.log", "text/plain", "test")
        + field("description", "  sshd log  ") + field("supersedes", supersedes) + end()), store, 1024);

    assertThat(upload.name()).isEqualTo("auth.log");
    assertThat(upload.contentType()).isEqualTo("text/plain");
    assertThat(upload.description()).isEqualTo("sshd log");
    assertThat(upload.supersedes()).isEqualTo(supersedes);
    assertThat(upload.file().size()).isEqualTo(4);
    assertThat(upload.file().sha256()).isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  }

  @Test
  void aFileWithoutContentTypeIsKeptAsOctetStream() throws Exception {
    EvidenceService.Upload upload = UploadForm.read(request(field("description", "d") + file("a.bin", null, "x")
        + end()), store(), 1024);

    assertThat(upload.contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void refusalsNameTheFieldAndLeaveNoStagedFile() throws Exception {
    DirectoryEvidenceStore store = store();

    assertRefused(store, file("a.log", null, "x") + end(), "description");
    assertRefused(store, file("a.log", null, "x") + field("description", "d") + field("comment", "y") + end(),
        "Unknown field 'comment'");
    assertRefused(store, file("a.log", null, "") + field("description", "d") + end(), "file: is empty");
    assertRefused(store, field("description", "d") + end(), "file: missing");
    assertRefused(store, file("a.log", null, "x") + field("description", "d") + field("supersedes", "../x") + end(),
        "supersedes");
    assertRefused(store, file("a.log", null, "x") + field("description", "d\u0007") + end(), "control characters");
    assertRefused(store, file("a.log", null, "x") + file("b.log", null, "y") + field("description", "d") + end(),
        "exactly one file");
    assertRefused(store, "no parts at all", "file: missing");
    assertRefused(store, field("description", "d") + "--" + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.log\"\r\n\r\ncut off here", "well-formed");
    try (var staged = Files.list(directory.resolve(".staging"))) {
      assertThat(staged).isEmpty();
    }
  }

  @Test
  void aFileAboveTheLimitIsTooLargeAndNotKept() throws Exception {
    DirectoryEvidenceStore store = store();

    assertThatThrownBy(() -> UploadForm.read(request(field("description", "d") + file("a.bin", null, "x".repeat(1025))
        + end()), store, 1024)).isInstanceOf(UploadForm.TooLarge.class);
    try (var staged = Files.list(directory.resolve(".staging"))) {
      assertThat(staged).isEmpty();
    }
  }

  void assertRefused(DirectoryEvidenceStore store, String body, String detail) {
    assertThatThrownBy(() -> UploadForm.read(request(body), store, 1024))
        .isInstanceOfSatisfying(EvidenceRefusal.class, refusal -> {
          assertThat(refusal.status().value()).isEqualTo(400);
          assertThat(refusal.getMessage()).contains(detail);
        });
  }
}
