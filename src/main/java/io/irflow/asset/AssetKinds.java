package io.irflow.asset;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kinds of asset and the guess of a kind from an identifier an alert names. The rule, first match wins:
 * <ol>
 *   <li>an explicit prefix {@code host:}, {@code account:} or {@code user:}, {@code db:} or {@code database:},
 *       {@code bucket:}, {@code service:} names the kind;</li>
 *   <li>{@code bucket}: {@code s3://}, {@code gs://}, an S3 ARN ({@code arn:aws:s3:::…}) or an Azure blob endpoint;</li>
 *   <li>{@code account}: an e-mail-like {@code name@domain}, an IAM user or role ARN ({@code arn:aws:iam::…:user/…},
 *       {@code …:role/…}), or a Windows DOMAIN{@code DOMAIN&#92;name}#92;name;</li>
 *   <li>{@code database}: a database URL ({@code jdbc:}, {@code postgres://}, {@code postgresql://}, {@code mysql://},
 *       {@code mongodb://}, {@code redis://}) or an RDS/DynamoDB ARN;</li>
 *   <li>{@code service}: an {@code http(s)://} URL or a Lambda/ECS/API Gateway ARN;</li>
 *   <li>anything else is a {@code host} (a host name or an address is what alerts name most).</li>
 * </ol>
 */
public final class AssetKinds {

  public static final List<String> KINDS = List.of("host", "account", "database", "bucket", "service");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s/:]+@[^@\\s/:]+\\.[^@\\s/:]+");
  private static final Pattern IAM_PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(user|role)/.+");
  private static final Pattern WINDOWS_ACCOUNT = Pattern.compile("[A-Za-z0-9._-]+\\\\[^\\\\\\s]+");
  private static final Pattern AZURE_BLOB = Pattern.compile("https://[a-z0-9-]+\\.blob\\.core\\.windows\\.net(/.*)?");

  private AssetKinds() {}

  /** The kind an identifier most likely names; {@code host} when nothing says otherwise. */
  public static String guess(String identifier) {
    String id = identifier.trim();
    String lower = id.toLowerCase(Locale.ROOT);
    String prefixed = prefixKind(lower);
    if (prefixed != null) {
      return prefixed;
    }
    if (lower.startsWith("s3://") || lower.startsWith("gs://") || lower.startsWith("arn:aws:s3:::")
        || AZURE_BLOB.matcher(lower).matches()) {
      return "bucket";
    }
    if (EMAIL.matcher(id).matches() || IAM_PRINCIPAL.matcher(id).matches() || WINDOWS_ACCOUNT.matcher(id).matches()) {
      return "account";
    }
    if (lower.startsWith("jdbc:") || lower.matches("(postgres|postgresql|mysql|mongodb|mongodb\\+srv|redis)://.*")
        || lower.matches("arn:aws[a-z-]*:(rds|dynamodb):.*")) {
      return "database";
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")
        || lower.matches("arn:aws[a-z-]*:(lambda|ecs|apigateway|execute-api):.*")) {
      return "service";
    }
    return "host";
  }

  private static String prefixKind(String lower) {
    if (lower.startsWith("host:")) {
      return "host";
    }
    if (lower.startsWith("user:") || lower.startsWith("account:")) {
      return "account";
    }
    if (lower.startsWith("db:") || lower.startsWith("database:")) {
      return "database";
    }
    if (lower.startsWith("bucket:")) {
      return "bucket";
    }
    if (lower.startsWith("service:")) {
      return "service";
    }
    return null;
  }

  /** The 12-digit AWS account an ARN names, or null (an S3 bucket ARN names none). */
  static String awsAccount(String identifier) {
    String[] parts = identifier.trim().split(":", 6);
    if (parts.length >= 5 && parts[0].equals("arn") && parts[4].matches("\\d{12}")) {
      return parts[4];
    }
    return null;
  }
}
