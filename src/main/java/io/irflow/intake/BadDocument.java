package io.irflow.intake;

/**
 * A document in a detection tool's format that cannot be read as an alert: names the offending field by its JSON
 * pointer (RFC 6901) in the request body, e.g. {@code /finding_info/uid}, or the header at fault.
 */
final class BadDocument extends RuntimeException {

  private final String pointer;
  private final String header;

  private BadDocument(String pointer, String header, String message) {
    super(message, null, false, false);
    this.pointer = pointer;
    this.header = header;
  }

  static BadDocument at(String pointer, String message) {
    return new BadDocument(pointer, null, message);
  }

  static BadDocument header(String header, String message) {
    return new BadDocument(null, header, message);
  }

  /** The JSON pointer of the field at fault, or null when a header is at fault. */
  String pointer() {
    return pointer;
  }

  String header() {
    return header;
  }
}
