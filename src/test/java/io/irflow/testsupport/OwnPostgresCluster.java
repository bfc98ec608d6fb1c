package io.irflow.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, on a free port, for fault tests that stop the database: the shared test
 * server is never stopped. Made with the installed server's {@code initdb} and {@code pg_ctl} (as the
 * {@code postgres} user when the test runs as root, which {@code initdb} refuses), and removed by {@link #destroy()}.
 */
public final class OwnPostgresCluster {

  private final Path bin;
  private final Path directory;
  private final int port;
  private final boolean asPostgresUser;

  private OwnPostgresCluster(Path bin, Path directory, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.directory = directory;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** The installed server's programs, newest version first; empty when no server is installed. */
  public static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Creates and starts a cluster with trust authentication and one database, {@code irflow}. */
  public static OwnPostgresCluster start() throws Exception {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("No PostgreSQL server is installed"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path directory = Files.createTempDirectory("irflow-fault-pg-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OwnPostgresCluster cluster = new OwnPostgresCluster(bin, directory, port, root);
    if (root) {
      cluster.run(List.of("chown", "postgres:", directory.toString()), false);
    }
    cluster.run(List.of(bin.resolve("initdb").toString(), "-D", cluster.data().toString(), "-U", "postgres",
        "-A", "trust", "-E", "UTF8", "--no-sync"), true);
    cluster.startServer();
    try (Connection c = DriverManager.getConnection(cluster.url("postgres"), "postgres", "")) {
      c.createStatement().execute("create database irflow");
    }
    return cluster;
  }

  private Path data() {
    return directory.resolve("data");
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String url() {
    return url("irflow");
  }

  /** Starts the server and waits until it accepts connections. */
  public void startServer() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l", directory.resolve("server.log").toString(),
        "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "-w", "-t", "60",
        "start"), true);
  }

  /** Stops the server at once (fast shutdown: open sessions are ended). */
  public void stopServer() throws Exception {
    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "fast", "-w", "-t", "60", "stop"),
        true);
  }

  /** Stops the server if it runs and removes the cluster's files. */
  public void destroy() {
    try {
      run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"), true);
    } catch (Exception stoppedAlready) {
      // nothing runs
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private void run(List<String> command, boolean asServerUser) throws Exception {
    List<String> full = new ArrayList<>();
    if (asServerUser && asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
