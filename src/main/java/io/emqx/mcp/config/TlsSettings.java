package io.emqx.mcp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * TLS towards EMQX (the {@code tls} block of {@code emqx} and {@code mqtt}): which CA to trust,
 * which client certificate to show (mTLS), the name to check, and whether to check at all. The
 * files are read and checked at start-up ({@link #from}), so a wrong path, a file that is not PEM,
 * a key that does not belong to the certificate or a wrong {@code key-password} stops the server
 * there; {@link #material()} reads them again when a connection is first made.
 *
 * @param key where the block is in the config ({@code emqx.tls}, {@code mqtt.tls}): errors name it
 * @param caFile PEM file of the CA certificate(s) to trust; null: the JVM's trust store
 * @param certFile PEM file of the client certificate (and its chain); null: no client certificate
 * @param keyFile PEM file of the client certificate's private key; null with {@code certFile}
 * @param keyPassword decrypts an encrypted {@code keyFile}; never shown
 * @param serverName the name checked against the server's certificate (and sent as SNI) instead of
 *     the URL's host; null: the URL's host
 * @param verify false: any certificate is accepted under any name (a warning at start-up)
 */
public record TlsSettings(
    String key,
    Path caFile,
    Path certFile,
    Path keyFile,
    Secret keyPassword,
    String serverName,
    boolean verify) {

  /** The keys of a {@code tls} block, for typos in blocks the schema check does not cover. */
  static final Set<String> KEYS =
      Set.of("ca-file", "cert-file", "key-file", "key-password", "server-name", "verify");

  public TlsSettings {
    keyPassword = keyPassword == null ? new Secret("") : keyPassword;
  }

  /** Nothing set: the JVM's trust store, no client certificate, names checked. */
  public static TlsSettings defaults(String key) {
    return new TlsSettings(key, null, null, null, new Secret(""), null, true);
  }

  /** Whether anything differs from {@link #defaults}: only then does a client need its own TLS. */
  public boolean configured() {
    return caFile != null || certFile != null || serverName != null || !verify;
  }

  /** Whether a client certificate is shown (mTLS). */
  public boolean hasClientCertificate() {
    return certFile != null;
  }

  /**
   * The warning printed at start-up (and shown by tools that list the connection), or null: with
   * {@code verify = false} anyone on the path can pose as EMQX and read the API secret.
   */
  public String warning() {
    return verify
        ? null
        : key
            + ".verify = false: the server's certificate and name are NOT checked, so anyone on "
            + "the network path can pose as EMQX and read the credentials sent to it; set "
            + key
            + ".ca-file to the CA that signed it instead";
  }

  /** The same settings with this CA file (tests, the older {@code mqtt.ca-file}). */
  public TlsSettings withCaFile(Path ca) {
    return new TlsSettings(key, ca, certFile, keyFile, keyPassword, serverName, verify);
  }

  /**
   * The certificates and key, read now. Loading checks everything {@link #from} checks; a file that
   * changed since start-up is read as it is now.
   *
   * @throws IllegalArgumentException naming the key and what is wrong (never key material)
   */
  public TlsMaterial material() {
    return TlsMaterial.load(this);
  }

  /**
   * Reads the {@code tls} block at {@code key} (absent: the defaults) and checks its files by
   * loading them.
   *
   * @param https whether the connection it is for uses TLS at all: settings for a plain {@code
   *     http://} or {@code tcp://} URL are refused, since they would silently do nothing
   * @param plainUrlKey the key of that URL, for the message
   * @throws ConfigProblem naming the key at fault
   */
  static TlsSettings from(Config c, String key, boolean https, String plainUrlKey) {
    return from(c, key, key, https, plainUrlKey);
  }

  /**
   * The {@code tls} block at {@code lookup} in {@code c} (e.g. {@code tls} inside a cluster's
   * block), named {@code key} in problems (e.g. {@code clusters.prod.tls}).
   */
  static TlsSettings from(Config c, String lookup, String key, boolean https, String plainUrlKey) {
    if (!c.hasPath(lookup)) {
      return defaults(key);
    }
    Config block;
    try {
      block = c.getConfig(lookup);
    } catch (ConfigException.WrongType e) {
      throw new ConfigProblem(key, "must be an object: " + key + " { ca-file = \"ca.pem\" }", e);
    }
    for (String name : block.root().keySet()) {
      if (!KEYS.contains(name)) {
        List<String> near = Spelling.nearest(name, KEYS, 3);
        throw new ConfigProblem(
            key + "." + name,
            "is not a TLS setting"
                + (near.isEmpty() ? "" : "; did you mean " + key + "." + near.get(0) + "?")
                + " Known: "
                + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
    }
    TlsSettings tls =
        new TlsSettings(
            key,
            path(block, key, "ca-file"),
            path(block, key, "cert-file"),
            path(block, key, "key-file"),
            new Secret(text(block, key, "key-password", false)),
            blankToNull(text(block, key, "server-name", true)),
            bool(block, key, "verify"));
    if ((tls.certFile == null) != (tls.keyFile == null)) {
      String missing = tls.certFile == null ? "cert-file" : "key-file";
      String given = tls.certFile == null ? "key-file" : "cert-file";
      throw new ConfigProblem(
          key + "." + missing,
          "is needed with " + key + "." + given + ": a client certificate (mTLS) needs both files");
    }
    if (tls.serverName != null && !tls.serverName.matches("[A-Za-z0-9._:\\-\\[\\]*]{1,253}")) {
      throw new ConfigProblem(
          key + ".server-name", "must be a host name or IP address, e.g. emqx.example.com");
    }
    if (tls.configured() && !https) {
      List<String> set = new ArrayList<>();
      for (String name : List.of("ca-file", "cert-file", "server-name", "verify")) {
        if (block.hasPath(name) && !block.getValue(name).unwrapped().toString().isBlank()) {
          set.add(key + "." + name);
        }
      }
      throw new ConfigProblem(
          set.isEmpty() ? key : set.get(0),
          "is set, but "
              + plainUrlKey
              + " is not a TLS URL, so it would do nothing: use https:// (ssl:// for MQTT), or "
              + "remove the "
              + key
              + " settings");
    }
    if (tls.caFile != null || tls.certFile != null) {
      // Every file read and checked now, not at the first call. Without files there is nothing to
      // check, and building the JVM's default trust (its cacerts) before initialize cost every
      // start-up about 50 ms (bench/Bench.java --only start: initialize answered at 630 ms before,
      // 577 after, on the 2-core machine).
      tls.material();
    }
    return tls;
  }

  private static Path path(Config block, String key, String name) {
    String value = blankToNull(text(block, key, name, true));
    if (value == null) {
      return null;
    }
    if (value.equals("~") || value.startsWith("~/")) {
      String home = System.getenv("HOME");
      value =
          (home == null || home.isBlank() ? System.getProperty("user.home") : home)
              + value.substring(1);
    }
    return Path.of(value);
  }

  private static String text(Config block, String key, String name, boolean trim) {
    if (!block.hasPath(name)) {
      return "";
    }
    try {
      String value = block.getString(name);
      return trim ? value.trim() : value;
    } catch (ConfigException.WrongType e) {
      throw new ConfigProblem(key + "." + name, "must be text", e);
    }
  }

  private static boolean bool(Config block, String key, String name) {
    if (!block.hasPath(name)) {
      return true;
    }
    try {
      return block.getBoolean(name);
    } catch (ConfigException.WrongType e) {
      throw new ConfigProblem(key + "." + name, "must be true or false", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
