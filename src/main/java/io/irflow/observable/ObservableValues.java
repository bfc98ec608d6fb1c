package io.irflow.observable;

import com.ibm.icu.text.IDNA;
import io.irflow.system.PlainText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The observable types and markings of the case file, and the one canonical form of a value of each type: the form
 * in which it is stored, compared across incidents and exported. A value that is not of its type is refused with a
 * message a caller can act on.
 */
public final class ObservableValues {

  /** The observable types, as the API names them. */
  public static final List<String> TYPES = List.of("ip", "domain", "fqdn", "url", "email", "account", "md5", "sha1",
      "sha256", "file-name", "process", "registry-key", "user-agent", "cloud-resource-id");
  /** TLP 2.0, from the least to the most restricted. */
  public static final List<String> TLP = List.of("clear", "green", "amber", "amber+strict", "red");
  /** PAP, from the least to the most restricted. */
  public static final List<String> PAP = List.of("clear", "green", "amber", "red");
  public static final String DEFAULT_MARKING = "amber";
  /** The longest value of any type, in characters. */
  public static final int MAX_VALUE = 2048;

  static final String TYPE_LIST_TEXT = "ip, domain, fqdn, url, email, account, md5, sha1, sha256, file-name, process, "
      + "registry-key, user-agent, cloud-resource-id";
  static final String TYPE_LIST = TYPE_LIST_TEXT;

  private static final Map<String, Integer> HASH_LENGTHS = Map.of("md5", 32, "sha1", 40, "sha256", 64);
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern SCHEME_AND_REST = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.DOTALL);
  private static final Pattern EMAIL_LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern ARN = Pattern.compile("arn:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:\\S+");
  private static final Pattern AZURE = Pattern.compile("/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
      + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?:/\\S+)?");
  private static final Pattern GOOGLE = Pattern.compile("//[a-z0-9.-]+\\.googleapis\\.com/\\S+");
  private static final Map<String, String> HIVES = Map.ofEntries(
      Map.entry("HKLM", "HKEY_LOCAL_MACHINE"), Map.entry("HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE"),
      Map.entry("HKCU", "HKEY_CURRENT_USER"), Map.entry("HKEY_CURRENT_USER", "HKEY_CURRENT_USER"),
      Map.entry("HKCR", "HKEY_CLASSES_ROOT"), Map.entry("HKEY_CLASSES_ROOT", "HKEY_CLASSES_ROOT"),
      Map.entry("HKU", "HKEY_USERS"), Map.entry("HKEY_USERS", "HKEY_USERS"),
      Map.entry("HKCC", "HKEY_CURRENT_CONFIG"), Map.entry("HKEY_CURRENT_CONFIG", "HKEY_CURRENT_CONFIG"));
  private static final Set<String> URL_SCHEMES = Set.of("http", "https", "ftp", "ftps", "ws", "wss", "sftp", "smb",
      "ldap", "ldaps");

  /** A value that is not of its type; the message says what it must be. */
  public static final class Invalid extends IllegalArgumentException {
    Invalid(String message) {
      super(message);
    }
  }

  private ObservableValues() {}

  /** The canonical form of {@code value} as an observable of {@code type}, or {@link Invalid}. */
  public static String normalise(String type, String value) {
    String normalised = canonical(type, value);
    // What is left of invisible characters alone (a zero-width space) is no indicator of anything.
    if (normalised.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw new Invalid("must contain a letter or a digit");
    }
    return normalised;
  }

  private static String canonical(String type, String value) {
    if (type == null || !TYPES.contains(type)) {
      throw new Invalid("must be one of " + TYPE_LIST);
    }
    if (value == null || value.isBlank()) {
      throw new Invalid("must not be blank");
    }
    String v = value.strip();
    if (v.length() > MAX_VALUE) {
      throw new Invalid("must be at most " + MAX_VALUE + " characters");
    }
    String notPlain = PlainText.Validator.problem(v, false);
    if (notPlain != null) {
      throw new Invalid(notPlain);
    }
    return switch (type) {
      case "ip" -> ip(v);
      case "domain", "fqdn" -> hostName(v);
      case "url" -> url(v);
      case "email" -> email(v);
      case "md5", "sha1", "sha256" -> hash(type, v);
      case "file-name" -> fileName(v);
      case "registry-key" -> registryKey(v);
      case "cloud-resource-id" -> cloudResource(v);
      case "account", "process", "user-agent" -> v;
      default -> throw new Invalid("must be one of " + TYPE_LIST);
    };
  }

  /** Whether {@code value} is one of the markings (TLP or PAP) given. */
  static boolean isMarking(List<String> markings, String value) {
    return value == null || markings.contains(value);
  }

  /** The more restricted of two markings of one scale. */
  static String stricter(List<String> scale, String a, String b) {
    return scale.indexOf(a) >= scale.indexOf(b) ? a : b;
  }

  static String ip(String v) {
    if (v.indexOf(':') < 0) {
      return ipv4(v);
    }
    if (!v.matches("[0-9A-Fa-f:.]+")) {
      throw new Invalid("must be an IPv4 or IPv6 address");
    }
    int dotted = v.lastIndexOf(':');
    if (v.indexOf('.') > dotted) {
      // An embedded IPv4 part (::ffff:10.0.0.1) follows the IPv4 rules: no leading zeros there either.
      ipv4(v.substring(dotted + 1));
    }
    InetAddress address;
    try {
      // Only hex digits, colons and dots reach here, so this parses a literal and never asks the DNS.
      address = InetAddress.getByName(v);
    } catch (UnknownHostException e) {
      throw new Invalid("must be an IPv4 or IPv6 address");
    }
    if (address instanceof Inet4Address) {
      // An IPv4-mapped IPv6 address is the IPv4 address it maps.
      return address.getHostAddress();
    }
    return rfc5952((Inet6Address) address);
  }

  private static String ipv4(String v) {
    String[] parts = v.split("\\.", -1);
    if (parts.length != 4) {
      throw new Invalid("must be an IPv4 or IPv6 address");
    }
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      // No leading zeros: 010 is octal to some tools and decimal to others.
      if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
        throw new Invalid("must be an IPv4 or IPv6 address");
      }
      out.append(out.length() == 0 ? "" : ".").append(part);
    }
    return out.toString();
  }

  /** RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups (the first) as {@code ::}. */
  private static String rfc5952(Inet6Address address) {
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestLength < 2) {
      bestStart = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
      | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);

  /**
   * The ASCII form of a domain name by UTS #46 non-transitional processing (IDNA2008: faß.de stays xn--fa-hia.de and
   * is not folded into fass.de); invalid punycode, disallowed characters and bidi errors are refused.
   */
  static String idnaAscii(String name) {
    IDNA.Info info = new IDNA.Info();
    StringBuilder ascii = new StringBuilder();
    UTS46.nameToASCII(name, ascii, info);
    if (info.hasErrors()) {
      throw new IllegalArgumentException("not a valid international domain name: " + info.getErrors());
    }
    return ascii.toString();
  }

  /** A DNS name: IDN labels as punycode (UTS #46), lower case, no trailing dot, two labels at least. */
  static String hostName(String v) {
    String name = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    String ascii;
    try {
      ascii = idnaAscii(name).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new Invalid("must be a domain name");
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      throw new Invalid("must be a domain name");
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      throw new Invalid("must be a domain name with at least two labels (e.g. example.com)");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new Invalid("must be a domain name");
      }
    }
    if (labels[labels.length - 1].matches("[0-9]+")) {
      throw new Invalid("must be a domain name, not an address");
    }
    return ascii;
  }

  /** A URL with a scheme and a host: scheme and host lower case (the host as punycode), the rest as given. */
  static String url(String v) {
    var m = SCHEME_AND_REST.matcher(v);
    if (!m.matches() || v.chars().anyMatch(Character::isWhitespace)) {
      throw new Invalid("must be an absolute URL such as https://example.com/path");
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (!URL_SCHEMES.contains(scheme)) {
      throw new Invalid("must be a URL with one of the schemes " + String.join(", ", URL_SCHEMES.stream().sorted().toList()));
    }
    String authority = m.group(2);
    String userInfo = "";
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      userInfo = authority.substring(0, at + 1);
      authority = authority.substring(at + 1);
    }
    String host;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new Invalid("must be an absolute URL such as https://example.com/path");
      }
      String literal = ip(authority.substring(1, close));
      // An IPv4-mapped literal comes back as its IPv4 address, which a URL writes without brackets.
      host = literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
      port = authority.substring(close + 1);
    } else {
      int colon = authority.lastIndexOf(':');
      String name = colon >= 0 ? authority.substring(0, colon) : authority;
      port = colon >= 0 ? authority.substring(colon) : "";
      if (name.isEmpty()) {
        throw new Invalid("must be a URL with a host");
      }
      host = name.matches("[0-9.]+") ? ipv4(name) : hostNameOrSingleLabel(name);
    }
    if (!port.isEmpty() && (!port.matches(":[0-9]{1,5}") || Integer.parseInt(port.substring(1)) > 65535)) {
      throw new Invalid("must be a URL with a numeric port (0 to 65535)");
    }
    if (userInfo.indexOf('@') < userInfo.length() - 1) {
      // Only the last @ ends the user part; one before it would have to be written %40.
      throw new Invalid("must be a URL whose user part has no raw @");
    }
    String url = scheme + "://" + userInfo + host + port + m.group(3);
    try {
      new URI(url);
    } catch (URISyntaxException e) {
      throw new Invalid("must be a URL (" + e.getReason() + ")");
    }
    return url;
  }

  private static String hostNameOrSingleLabel(String name) {
    try {
      return hostName(name);
    } catch (Invalid twoLabels) {
      String ascii;
      try {
        ascii = idnaAscii(name).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new Invalid("must be a URL with a valid host");
      }
      if (!LABEL.matcher(ascii).matches()) {
        throw new Invalid("must be a URL with a valid host");
      }
      return ascii;
    }
  }

  /** An e-mail address: a dot-atom local part and a domain, lower case (the domain as punycode). */
  static String email(String v) {
    int at = v.lastIndexOf('@');
    if (at <= 0 || at == v.length() - 1) {
      throw new Invalid("must be an e-mail address");
    }
    String local = v.substring(0, at);
    if (local.length() > 64 || !EMAIL_LOCAL.matcher(local).matches()) {
      throw new Invalid("must be an e-mail address");
    }
    String domain;
    try {
      domain = hostName(v.substring(at + 1));
    } catch (Invalid e) {
      throw new Invalid("must be an e-mail address");
    }
    return local.toLowerCase(Locale.ROOT) + "@" + domain;
  }

  static String hash(String type, String v) {
    int length = HASH_LENGTHS.get(type);
    if (v.length() != length || !HEX.matcher(v).matches()) {
      throw new Invalid("must be " + length + " hexadecimal digits");
    }
    return v.toLowerCase(Locale.ROOT);
  }

  static String fileName(String v) {
    if (v.length() > 255 || v.contains("/") || v.contains("\\") || v.equals(".") || v.equals("..")) {
      throw new Invalid("must be a file name without a path, at most 255 characters");
    }
    return v;
  }

  /** A Windows registry key under a root key; abbreviated roots (HKLM, HKCU, …) spelt out, no trailing backslash. */
  static String registryKey(String v) {
    String key = v.replace('/', '\\');
    while (key.endsWith("\\")) {
      key = key.substring(0, key.length() - 1);
    }
    int slash = key.indexOf('\\');
    String root = (slash < 0 ? key : key.substring(0, slash)).toUpperCase(Locale.ROOT);
    String hive = HIVES.get(root);
    if (hive == null) {
      throw new Invalid("must be a registry key under HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, "
          + "HKEY_USERS or HKEY_CURRENT_CONFIG (or HKLM, HKCU, HKCR, HKU, HKCC)");
    }
    String rest = slash < 0 ? "" : key.substring(slash);
    if (rest.contains("\\\\")) {
      throw new Invalid("must be a registry key without empty path elements");
    }
    return hive + rest;
  }

  /** An AWS ARN, an Azure resource id (lower case, as Azure compares them) or a Google Cloud full resource name. */
  static String cloudResource(String v) {
    if (ARN.matcher(v).matches() || GOOGLE.matcher(v).matches()) {
      return v;
    }
    if (AZURE.matcher(v).matches()) {
      return v.toLowerCase(Locale.ROOT);
    }
    throw new Invalid("must be an AWS ARN, an Azure resource id (/subscriptions/…) or a Google Cloud full resource "
        + "name (//….googleapis.com/…)");
  }

}
