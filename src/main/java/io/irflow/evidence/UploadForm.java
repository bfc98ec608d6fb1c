package io.irflow.evidence;

import io.irflow.system.PlainText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.MultipartStream;
import org.apache.commons.fileupload.UploadContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Reads an evidence upload ({@code multipart/form-data}: {@code file}, {@code description}, {@code supersedes}) part by
 * part from the request's stream: the file goes straight to the store's staging area while its SHA-256 is computed,
 * never whole into memory. Spring's own multipart handling is off ({@code spring.servlet.multipart.enabled=false}).
 */
final class UploadForm {

  static final String FILE = "file";
  static final String DESCRIPTION = "description";
  static final String SUPERSEDES = "supersedes";
  static final int MAX_DESCRIPTION = 4000;
  /** What a request may carry besides the file: the other fields, the part headers and boundaries. */
  static final long FORM_OVERHEAD = 64 * 1024;

  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private UploadForm() {}

  /** The file is too large: nothing of it is kept. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("too large");
    }
  }

  /**
   * Reads the form. On any refusal or failure the staged file is discarded before the exception leaves.
   *
   * @throws TooLarge when the file passes {@code maxBytes}
   * @throws EvidenceRefusal when the form is malformed or a field is missing or invalid (400)
   */
  static EvidenceService.Upload read(HttpServletRequest request, EvidenceStore store, long maxBytes) throws IOException {
    if (request.getContentLengthLong() > maxBytes + FORM_OVERHEAD) {
      throw new TooLarge();
    }
    FileUpload upload = new FileUpload();
    upload.setSizeMax(maxBytes + FORM_OVERHEAD);
    upload.setFileCountMax(8);
    EvidenceStore.Staged staged = null;
    String name = null;
    String contentType = null;
    String description = null;
    String supersedes = null;
    try {
      FileItemIterator parts = upload.getItemIterator(new Context(request));
      while (parts.hasNext()) {
        FileItemStream part = parts.next();
        String field = part.getFieldName() == null ? "" : part.getFieldName();
        switch (field) {
          case FILE -> {
            if (staged != null || part.isFormField()) {
              throw bad("file: give exactly one file, as a file part with a file name.");
            }
            name = fileName(part.getName());
            contentType = contentType(part.getContentType());
            try (InputStream in = part.openStream()) {
              staged = store.stage(in, maxBytes);
            }
          }
          case DESCRIPTION -> {
            requireOnce(description, field);
            description = text(part, MAX_DESCRIPTION, field);
          }
          case SUPERSEDES -> {
            requireOnce(supersedes, field);
            supersedes = text(part, 36, field);
          }
          default -> throw bad("Unknown field '" + field.replaceAll("[^A-Za-z0-9_-]", "?") + "': the form takes "
              + "file, description and supersedes.");
        }
      }
      if (staged == null) {
        throw bad("file: missing.");
      }
      if (staged.size() == 0) {
        throw bad("file: is empty.");
      }
      if (description == null || description.isBlank()) {
        throw bad("description: missing; say what the file is and where it comes from.");
      }
      String notPlain = PlainText.Validator.problem(description, true);
      if (notPlain != null) {
        throw bad("description: " + notPlain + ".");
      }
      if (supersedes != null && supersedes.isBlank()) {
        supersedes = null;
      }
      if (supersedes != null && !ID.matcher(supersedes.trim()).matches()) {
        throw bad("supersedes: must be the id of an evidence item of this incident.");
      }
      return new EvidenceService.Upload(staged, name, contentType, description.strip(),
          supersedes == null ? null : supersedes.trim());
    } catch (EvidenceStore.TooLarge | FileUploadBase.SizeLimitExceededException e) {
      discard(store, staged);
      throw new TooLarge();
    } catch (FileUploadBase.FileUploadIOException e) {
      discard(store, staged);
      if (e.getCause() instanceof FileUploadBase.SizeLimitExceededException
          || e.getCause() instanceof FileUploadBase.FileSizeLimitExceededException) {
        throw new TooLarge();
      }
      throw malformed();
    } catch (MultipartStream.MalformedStreamException | FileUploadException e) {
      discard(store, staged);
      throw malformed();
    } catch (IOException | RuntimeException e) {
      discard(store, staged);
      throw e;
    }
  }

  private static void discard(EvidenceStore store, EvidenceStore.Staged staged) {
    if (staged != null) {
      store.discard(staged);
    }
  }

  private static EvidenceRefusal malformed() {
    return bad("The body is not a well-formed multipart/form-data form.");
  }

  private static void requireOnce(String value, String field) {
    if (value != null) {
      throw bad(field + ": given more than once.");
    }
  }

  private static String text(FileItemStream part, int maxChars, String field) throws IOException {
    try (InputStream in = part.openStream()) {
      byte[] bytes = in.readNBytes(maxChars * 4 + 1);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (bytes.length > maxChars * 4 || text.length() > maxChars) {
        throw bad(field + ": at most " + maxChars + " characters.");
      }
      return text;
    }
  }

  private static String fileName(String given) {
    if (given == null || given.isBlank()) {
      throw bad("file: give it as a file part with a file name.");
    }
    String name = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1).strip();
    if (name.isEmpty() || name.length() > 255 || PlainText.Validator.problem(name, false) != null || name.equals(".")
        || name.equals("..")) {
      throw bad("file: the file name must be 1 to 255 characters of plain text (no control or bidirectional "
          + "formatting characters), and not . or ..");
    }
    return name;
  }

  private static String contentType(String given) {
    if (given == null || given.isBlank()) {
      return MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }
    try {
      MediaType type = MediaType.parseMediaType(given);
      if (given.length() > 255 || type.isWildcardType() || type.isWildcardSubtype()) {
        throw new InvalidMediaTypeException(given, "wildcard");
      }
      return type.toString();
    } catch (InvalidMediaTypeException e) {
      throw bad("file: its Content-Type is not a media type.");
    }
  }

  private static EvidenceRefusal bad(String detail) {
    return new EvidenceRefusal(HttpStatus.BAD_REQUEST, detail);
  }

  /** The request as commons-fileupload reads it. */
  private record Context(HttpServletRequest request) implements UploadContext {
    @Override
    public String getCharacterEncoding() {
      return request.getCharacterEncoding();
    }

    @Override
    public String getContentType() {
      return request.getContentType();
    }

    @Override
    @Deprecated
    public int getContentLength() {
      return request.getContentLength();
    }

    @Override
    public long contentLength() {
      return request.getContentLengthLong();
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return request.getInputStream();
    }
  }
}
