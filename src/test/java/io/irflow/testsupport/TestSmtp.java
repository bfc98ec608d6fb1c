package io.irflow.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real SMTP server of the tests that send mail: GreenMail on a port free when this test JVM started, so two runs on
 * one machine never collide. A test class registers {@link #server()} and points the application at it with
 * {@link #register}.
 */
public final class TestSmtp {

  public static final int PORT = freePort();

  public static GreenMailExtension server() {
    return new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
        .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
  }

  public static void register(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> PORT);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TestSmtp() {}
}
