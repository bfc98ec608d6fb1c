package io.irflow.observable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each observable type's canonical form, and the values it refuses: a table of good and bad values. */
class ObservableValuesTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ip                | 203.0.113.7                                   | 203.0.113.7
      ip                | " 0.0.0.0 "                                   | 0.0.0.0
      ip                | 255.255.255.255                               | 255.255.255.255
      ip                | 2001:DB8:0:0:0:0:0:1                          | 2001:db8::1
      ip                | 2001:0db8:0000:0000:0001:0000:0000:0001       | 2001:db8::1:0:0:1
      ip                | 2001:db8:0:1:1:1:1:1                          | 2001:db8:0:1:1:1:1:1
      ip                | ::1                                           | ::1
      ip                | ::ffff:192.0.2.128                            | 192.0.2.128
      domain            | Example.COM.                                  | example.com
      domain            | bücher.example                                | xn--bcher-kva.example
      domain            | faß.de                                        | xn--fa-hia.de
      domain            | xn--fa-hia.de                                 | xn--fa-hia.de
      fqdn              | Mail-01.Corp.Example.org                      | mail-01.corp.example.org
      url               | HTTPS://Evil.Example.com:8443/a/B?c=D#frag    | https://evil.example.com:8443/a/B?c=D#frag
      url               | http://bücher.example/path                    | http://xn--bcher-kva.example/path
      url               | http://[::ffff:1.2.3.4]/                      | http://1.2.3.4/
      url               | http://[2001:DB8::1]/x                        | http://[2001:db8::1]/x
      url               | http://localhost/admin                        | http://localhost/admin
      email             | Alice.Smith@Example.COM                       | alice.smith@example.com
      email             | phish+x@bücher.example                        | phish+x@xn--bcher-kva.example
      account           | " CORP\\svc-backup "                          | CORP\\svc-backup
      md5               | D41D8CD98F00B204E9800998ECF8427E              | d41d8cd98f00b204e9800998ecf8427e
      sha1              | da39a3ee5e6b4b0d3255bfef95601890afd80709      | da39a3ee5e6b4b0d3255bfef95601890afd80709
      sha256            | E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
      file-name         | invoice.pdf.exe                               | invoice.pdf.exe
      process           | powershell.exe -enc SQBFAFgA                  | powershell.exe -enc SQBFAFgA
      registry-key      | hklm\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\ | HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run
      registry-key      | HKEY_CURRENT_USER                              | HKEY_CURRENT_USER
      user-agent        | Mozilla/5.0 (compatible; evilbot/1.0)         | Mozilla/5.0 (compatible; evilbot/1.0)
      cloud-resource-id | arn:aws:iam::111111111111:role/AdminRole      | arn:aws:iam::111111111111:role/AdminRole
      cloud-resource-id | /subscriptions/0B1F6471-1BF0-4DDA-AEC3-CB9272F09590/resourceGroups/RG | /subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourcegroups/rg
      cloud-resource-id | //compute.googleapis.com/projects/p1/zones/z/instances/vm-1 | //compute.googleapis.com/projects/p1/zones/z/instances/vm-1
      """)
  void goodValuesTakeTheirCanonicalForm(String type, String value, String canonical) {
    assertThat(ObservableValues.normalise(type, value)).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} {1} refused: {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ip                | 256.1.1.1                      | IPv4 or IPv6
      ip                | 10.0.0                         | IPv4 or IPv6
      ip                | 010.0.0.1                      | IPv4 or IPv6
      ip                | 1.2.3.4/24                     | IPv4 or IPv6
      ip                | 2001:db8::1::2                 | IPv4 or IPv6
      ip                | fe80::1%eth0                   | IPv4 or IPv6
      ip                | example.com                    | IPv4 or IPv6
      domain            | localhost                      | two labels
      domain            | -bad-.example                  | domain name
      ip                | ::ffff:010.0.0.1               | IPv4 or IPv6
      ip                | ::ffff:1.2.3.04                | IPv4 or IPv6
      url               | http://evil.example:99999/     | numeric port
      url               | http://a@b@evil.example/       | raw @
      domain            | exa mple.com                   | domain name
      domain            | xn--zz.com                     | domain name
      domain            | 192.0.2.1                      | not an address
      fqdn              | a..example.com                 | domain name
      url               | example.com/path               | absolute URL
      url               | javascript:alert(1)            | absolute URL
      url               | gopher://example.com/          | schemes
      url               | http://exa mple.com/           | absolute URL
      url               | http://example.com:99999999/   | numeric port
      email             | alice@@example.com             | e-mail address
      email             | alice                          | e-mail address
      email             | .alice@example.com             | e-mail address
      email             | alice@localhost                | e-mail address
      md5               | d41d8cd98f00b204e9800998ecf8427 | 32 hexadecimal digits
      sha1              | zz39a3ee5e6b4b0d3255bfef95601890afd80709 | 40 hexadecimal digits
      sha256            | d41d8cd98f00b204e9800998ecf8427e | 64 hexadecimal digits
      file-name         | C:\\Users\\x\\evil.exe         | without a path
      file-name         | ..                             | without a path
      registry-key      | SOFTWARE\\Microsoft            | registry key under
      registry-key      | HKLM\\\\Software               | empty path elements
      cloud-resource-id | i-0abc1234                     | AWS ARN
      nonsense          | 1.2.3.4                        | must be one of
      """)
  void badValuesAreRefusedSayingWhatTheyMustBe(String type, String value, String message) {
    assertThatThrownBy(() -> ObservableValues.normalise(type, value))
        .isInstanceOf(ObservableValues.Invalid.class).hasMessageContaining(message);
  }

  @Test
  void blankTooLongAndControlCharactersAreRefusedForEveryType() {
    for (String type : ObservableValues.TYPES) {
      assertThatThrownBy(() -> ObservableValues.normalise(type, " ")).hasMessageContaining("blank");
      assertThatThrownBy(() -> ObservableValues.normalise(type, "a".repeat(ObservableValues.MAX_VALUE + 1)))
          .hasMessageContaining("at most");
      assertThatThrownBy(() -> ObservableValues.normalise(type, "evil\u0000x")).hasMessageContaining("control");
      assertThatThrownBy(() -> ObservableValues.normalise(type, "evil\u202egpj.exe")).hasMessageContaining("bidirectional");
      assertThatThrownBy(() -> ObservableValues.normalise(type, "\u200b")).isInstanceOf(ObservableValues.Invalid.class);
    }
    assertThatThrownBy(() -> ObservableValues.normalise("account", "\u200b")).hasMessageContaining("letter or a digit");
  }

  @Test
  void theStricterMarkingWins() {
    assertThat(ObservableValues.stricter(ObservableValues.TLP, "green", "amber+strict")).isEqualTo("amber+strict");
    assertThat(ObservableValues.stricter(ObservableValues.TLP, "red", "clear")).isEqualTo("red");
    assertThat(ObservableValues.stricter(ObservableValues.PAP, "amber", "green")).isEqualTo("amber");
  }
}
