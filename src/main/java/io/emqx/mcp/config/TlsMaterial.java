package io.emqx.mcp.config;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates and key of a {@link TlsSettings}, loaded and checked, and what the EMQX client
 * and the MQTT connection build their TLS from: a trust manager that checks the chain against the
 * configured CA <em>and</em> the server's name (so that both failures carry a message naming the
 * setting to fix), a key manager for the client certificate, and {@link #explain} for the handshake
 * failures that only show as the JDK's words.
 */
public final class TlsMaterial {

  /** A refusal of ours during the handshake; its message says what to fix. */
  public static final class Refused extends CertificateException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private final TlsSettings settings;
  private final List<X509Certificate> cas;
  private final X509TrustManager chainCheck;
  private final KeyManagerFactory keys;

  private TlsMaterial(
      TlsSettings settings,
      List<X509Certificate> cas,
      X509TrustManager chainCheck,
      KeyManagerFactory keys) {
    this.settings = settings;
    this.cas = cas;
    this.chainCheck = chainCheck;
    this.keys = keys;
  }

  static TlsMaterial load(TlsSettings s) {
    List<X509Certificate> cas =
        s.caFile() == null ? List.of() : Pem.certificates(s.caFile(), s.key() + ".ca-file");
    X509TrustManager chainCheck;
    try {
      KeyStore store = null;
      if (!cas.isEmpty()) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
          store.setCertificateEntry("ca-" + i, cas.get(i));
        }
      }
      TrustManagerFactory pkix =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      pkix.init(store); // null: the JVM's trust store
      chainCheck = x509(pkix.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ConfigProblem(s.key() + ".ca-file", "cannot be used as a trust store", e);
    }
    KeyManagerFactory keys = null;
    if (s.certFile() != null) {
      String certKey = s.key() + ".cert-file";
      List<X509Certificate> chain = Pem.certificates(s.certFile(), certKey);
      PrivateKey key =
          Pem.privateKey(
              s.keyFile(), s.key() + ".key-file", s.keyPassword(), s.key() + ".key-password");
      if (!belongTogether(key, chain.get(0).getPublicKey())) {
        throw new ConfigProblem(
            s.key() + ".key-file",
            "is not the key of the certificate in "
                + certKey
                + " ("
                + chain.get(0).getSubjectX500Principal().getName()
                + "); give the key that was made with that certificate");
      }
      try {
        char[] pass = "in-memory".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, pass, chain.toArray(new X509Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, pass);
      } catch (GeneralSecurityException | java.io.IOException e) {
        throw new ConfigProblem(certKey, "cannot be used as a client certificate", e);
      }
    }
    return new TlsMaterial(s, List.copyOf(cas), chainCheck, keys);
  }

  /** Signs with the key and checks with the certificate's public key (RSA: the moduli). */
  private static boolean belongTogether(PrivateKey key, PublicKey pub) {
    if (key instanceof RSAKey k && pub instanceof RSAKey p) {
      return k.getModulus().equals(p.getModulus());
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "DSA" -> "SHA256withDSA";
          default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448 name their signature
        };
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature check = Signature.getInstance(algorithm);
      check.initVerify(pub);
      check.update(probe);
      return check.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // different algorithms or curves: not a pair
    }
  }

  public TlsSettings settings() {
    return settings;
  }

  /** A TLS server's key stores: its certificate and key, and the CAs whose clients it accepts. */
  public record ServerStores(KeyStore identity, KeyStore trusted) {}

  /**
   * These files as a server would hold them: {@code cert-file} and {@code key-file} as its
   * identity, {@code ca-file} as the CAs of the client certificates it accepts (PKCS#12 stores,
   * each entry under {@code password}). The built-in fake (--mock-emqx) serves a cluster reached
   * over mTLS with them, so that the demo uses the very files of the config.
   *
   * @throws ConfigProblem naming the key when a file is missing or unusable
   */
  public static ServerStores serverStores(TlsSettings s, char[] password) {
    if (s.certFile() == null || s.caFile() == null) {
      throw new ConfigProblem(
          s.key() + (s.certFile() == null ? ".cert-file" : ".ca-file"),
          "is needed to serve a fake EMQX over mTLS");
    }
    List<X509Certificate> chain = Pem.certificates(s.certFile(), s.key() + ".cert-file");
    PrivateKey key =
        Pem.privateKey(
            s.keyFile(), s.key() + ".key-file", s.keyPassword(), s.key() + ".key-password");
    List<X509Certificate> cas = Pem.certificates(s.caFile(), s.key() + ".ca-file");
    try {
      KeyStore identity = KeyStore.getInstance("PKCS12");
      identity.load(null, null);
      identity.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        trusted.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return new ServerStores(identity, trusted);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new ConfigProblem(s.key() + ".cert-file", "cannot be used as a key store", e);
    }
  }

  /**
   * Checks the server's chain against the CA and its certificate against {@code host} (or {@code
   * server-name}); with {@code verify = false}, accepts anything.
   */
  public X509ExtendedTrustManager trustManager(String host) {
    return new Checking(settings.serverName() != null ? settings.serverName() : host);
  }

  /** {@link #trustManager} for libraries that take a factory (the MQTT client). */
  public TrustManagerFactory trustManagerFactory(String host) {
    TrustManager only = trustManager(host);
    return new TrustManagerFactory(
        new TrustManagerFactorySpi() {
          @Override
          protected void engineInit(KeyStore ks) {}

          @Override
          protected void engineInit(ManagerFactoryParameters spec) {}

          @Override
          protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {only};
          }
        },
        new Provider("emqx-mcp-tls", "1.0", "the configured CA and server name") {
          private static final long serialVersionUID = 1L;
        },
        "emqx-mcp") {};
  }

  /** The client certificate's key manager factory, or null when none is configured. */
  public KeyManagerFactory keyManagerFactory() {
    return keys;
  }

  /** An SSL context with {@link #trustManager} and the client certificate, if any. */
  public SSLContext sslContext(String host) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      KeyManager[] km = keys == null ? null : keys.getKeyManagers();
      context.init(km, new TrustManager[] {trustManager(host)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM offers no TLS", e);
    }
  }

  /**
   * {@link #sslContext}'s socket factory; with {@code server-name}, sockets are opened for that
   * name, so that it is also the SNI the server sees.
   */
  public SSLSocketFactory socketFactory(String host) {
    SSLSocketFactory plain = sslContext(host).getSocketFactory();
    return settings.serverName() == null ? plain : new NamedSockets(plain, settings.serverName());
  }

  /** Opens layered sockets for another name than the URL's host (SNI and session caching). */
  private static final class NamedSockets extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final String name;

    NamedSockets(SSLSocketFactory delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws java.io.IOException {
      return delegate.createSocket(s, name, port, autoClose);
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws java.io.IOException {
      return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws java.io.IOException {
      return delegate.createSocket(host, port, local, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws java.io.IOException {
      return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
        throws java.io.IOException {
      return delegate.createSocket(address, port, local, localPort);
    }
  }

  /**
   * The name check again, after the handshake, for libraries that ask for one: our trust manager
   * has refused a wrong name already, with a message.
   */
  public HostnameVerifier hostnameVerifier(String host) {
    String expected = settings.serverName() != null ? settings.serverName() : host;
    return (ignored, session) -> !settings.verify() || matches(expected, session);
  }

  /** The name the certificate must carry: {@code server-name}, else the URL's host. */
  public String expectedName(String host) {
    return settings.serverName() != null ? settings.serverName() : host;
  }

  private static boolean matches(String expected, SSLSession session) {
    try {
      return session.getPeerCertificates().length > 0
          && session.getPeerCertificates()[0] instanceof X509Certificate leaf
          && HostnameMatch.matches(expected, leaf);
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return false;
    }
  }

  /**
   * A TLS failure in words an operator can act on, or null when {@code failure} is not one. The
   * caller says where it was going ("TLS with EMQX at … failed: " + this).
   *
   * @param plainAdvice what to do when the port does not speak TLS (differs for HTTP and MQTT)
   */
  public static String explain(Throwable failure, TlsSettings settings, String plainAdvice) {
    Throwable tls = null;
    for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof Refused) {
        return c.getMessage();
      }
      if (c instanceof SSLException && tls == null) {
        tls = c;
      }
    }
    if (tls == null) {
      return null;
    }
    String message = String.valueOf(tls.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    String alert = alert(lower);
    String k = settings.key();
    if (lower.contains("unsupported or unrecognized ssl message")
        || lower.contains("not an ssl/tls record")) {
      return "the port answered in plain text, not TLS; " + plainAdvice;
    }
    if (lower.contains("handshake timed out")) {
      return "the handshake did not finish in time: the port may not speak TLS ("
          + plainAdvice
          + "), or a firewall holds the connection";
    }
    if (alert != null) {
      if (!settings.hasClientCertificate()
          && List.of("certificate_required", "bad_certificate", "handshake_failure")
              .contains(alert)) {
        return "the server requires a client certificate (mTLS; TLS alert "
            + alert
            + ") and none is configured: set "
            + k
            + ".cert-file and "
            + k
            + ".key-file to a certificate the listener's CA signed";
      }
      if (settings.hasClientCertificate()
          && List.of(
                  "bad_certificate",
                  "unknown_ca",
                  "certificate_unknown",
                  "certificate_expired",
                  "certificate_revoked",
                  "unsupported_certificate",
                  "access_denied",
                  "certificate_required")
              .contains(alert)) {
        return "the server rejected the client certificate in "
            + k
            + ".cert-file (TLS alert "
            + alert
            + "): is it signed by a CA the listener trusts, still valid, and meant for client "
            + "authentication?";
      }
      return "the server sent the TLS alert " + alert;
    }
    if (lower.contains("remote host terminated the handshake")
        || lower.contains("connection reset")
        || lower.contains("closed")) {
      return "the server closed the connection during the handshake: the port may not speak TLS ("
          + plainAdvice
          + "), or it refused this client"
          + (settings.hasClientCertificate()
              ? "'s certificate (" + k + ".cert-file)"
              : " for lack of a client certificate (" + k + ".cert-file)");
    }
    return message;
  }

  /** The alert name in the JDK's "Received fatal alert: bad_certificate". */
  private static String alert(String lower) {
    int at = lower.indexOf("fatal alert: ");
    if (at < 0) {
      return null;
    }
    String rest = lower.substring(at + "fatal alert: ".length()).trim();
    int end = 0;
    while (end < rest.length()
        && (Character.isLetterOrDigit(rest.charAt(end)) || rest.charAt(end) == '_')) {
      end++;
    }
    return end == 0 ? null : rest.substring(0, end);
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("the JVM offers no X.509 trust manager");
  }

  /** Chain first (against the configured CA), then the name; refusals say what to fix. */
  private final class Checking extends X509ExtendedTrustManager {
    private final String expected;

    Checking(String expected) {
      this.expected = expected;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (!settings.verify()) {
        return;
      }
      if (chain == null || chain.length == 0) {
        throw new Refused("the server sent no certificate");
      }
      X509Certificate leaf = chain[0];
      try {
        leaf.checkValidity();
      } catch (CertificateExpiredException e) {
        throw new Refused(
            "the server's certificate ("
                + leaf.getSubjectX500Principal().getName()
                + ") expired on "
                + leaf.getNotAfter().toInstant()
                + ": renew it on EMQX");
      } catch (CertificateNotYetValidException e) {
        throw new Refused(
            "the server's certificate ("
                + leaf.getSubjectX500Principal().getName()
                + ") is not valid before "
                + leaf.getNotBefore().toInstant()
                + ": check the clocks of this machine and EMQX's");
      }
      try {
        chainCheck.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        String issuer = leaf.getIssuerX500Principal().getName();
        throw new Refused(
            cas.isEmpty()
                ? "the server's certificate (issued by "
                    + issuer
                    + ") is not signed by a CA this JVM trusts: set "
                    + settings.key()
                    + ".ca-file to the PEM file of the CA that signed it"
                : "the server's certificate (issued by "
                    + issuer
                    + ") is not signed by the CA in "
                    + settings.key()
                    + ".ca-file ("
                    + settings.caFile()
                    + "): point it at the CA that signed EMQX's certificate");
      }
      if (!HostnameMatch.matches(expected, leaf)) {
        List<String> names = HostnameMatch.names(leaf);
        throw new Refused(
            "the server's certificate is for "
                + (names.isEmpty() ? "no host name or address" : String.join(", ", names))
                + ", not for "
                + expected
                + ": connect by one of those names, or set "
                + settings.key()
                + ".server-name to the name to check");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return settings.verify() ? chainCheck.getAcceptedIssuers() : new X509Certificate[0];
    }
  }

  /**
   * RFC 6125 name matching as browsers do it: subject alternative names only (no CN), an IP address
   * only against IP entries, a wildcard only as the whole left-most label.
   */
  static final class HostnameMatch {
    private HostnameMatch() {}

    static boolean matches(String expected, X509Certificate leaf) {
      String host =
          expected.startsWith("[") ? expected.substring(1, expected.length() - 1) : expected;
      boolean ip = isIpLiteral(host);
      for (List<?> san : alternativeNames(leaf)) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        if (ip && type == 7 && sameAddress(host, value)) {
          return true;
        }
        if (!ip && type == 2 && dnsMatch(host, value)) {
          return true;
        }
      }
      return false;
    }

    /** The certificate's DNS names and addresses, for messages. */
    static List<String> names(X509Certificate leaf) {
      List<String> out = new ArrayList<>();
      for (List<?> san : alternativeNames(leaf)) {
        int type = (Integer) san.get(0);
        if (type == 2 || type == 7) {
          out.add(String.valueOf(san.get(1)));
        }
      }
      if (out.isEmpty()) {
        out.add(leaf.getSubjectX500Principal().getName() + " (a subject name only: not checked)");
      }
      return out;
    }

    private static Collection<List<?>> alternativeNames(X509Certificate leaf) {
      try {
        Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        return names == null ? List.of() : names;
      } catch (CertificateParsingException e) {
        return List.of();
      }
    }

    private static boolean isIpLiteral(String host) {
      return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
      try {
        // Literals only: getByName does not resolve them.
        return isIpLiteral(b) && InetAddress.getByName(a).equals(InetAddress.getByName(b));
      } catch (UnknownHostException e) {
        return false;
      }
    }

    private static boolean dnsMatch(String host, String pattern) {
      String h = trimDot(host.toLowerCase(Locale.ROOT));
      String p = trimDot(pattern.toLowerCase(Locale.ROOT));
      if (!p.startsWith("*.")) {
        return h.equals(p);
      }
      String suffix = p.substring(1); // ".example.com"
      if (suffix.indexOf('.', 1) < 0) {
        return false; // "*.com" matches nothing
      }
      return h.endsWith(suffix)
          && h.length() > suffix.length()
          && !h.substring(0, h.length() - suffix.length()).contains(".");
    }

    private static String trimDot(String s) {
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
