package io.emqx.mcp.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys for the TLS tests, made at run time (BouncyCastle, test scope only): a CA,
 * a second "wrong" CA, a server certificate the CA signed for {@code emqx.internal} only (so that
 * reaching it at 127.0.0.1 fails the name check unless {@code server-name} says otherwise), a
 * client certificate the CA signed, and one the wrong CA signed. Keys are written in each PEM form
 * the server reads. Made once per test JVM: key generation is the slow part.
 */
public final class TlsFiles {

  public static final String SERVER_NAME = "emqx.internal";
  public static final String STORE_PASSWORD = "store-pass-1";
  public static final String KEY_PASSWORD = "key-Pa55word-never-print";

  private static TlsFiles shared;

  /** BouncyCastle's own ciphers for the encrypted key forms (not installed in the JVM). */
  private static final java.security.Provider BC =
      new org.bouncycastle.jce.provider.BouncyCastleProvider();

  private static final AtomicLong SERIAL = new AtomicLong(10);

  public final Path dir;
  public final Path caPem;
  public final Path wrongCaPem;

  /** The server's key and chain, and the CA as a trust store (client authentication). */
  public final Path serverStore;

  public final Path trustStore;

  /** Server certificate with 127.0.0.1 and localhost: for the MQTT broker (and IP SAN tests). */
  public final Path loopbackServerStore;

  public final Path clientCert;
  public final Path clientKeyPkcs8;
  public final Path clientKeyPkcs1;
  public final Path clientKeyEncrypted;
  public final Path clientKeyLegacyEncrypted;
  public final Path wrongClientCert;
  public final Path wrongClientKey;

  /** An EC key in OpenSSL's "EC PRIVATE KEY" form, and its certificate. */
  public final Path ecCert;

  public final Path ecKeySec1;

  /** A certificate with an IP address entry, 127.0.0.1, and its key store. */
  public final X509Certificate loopbackCert;

  public final X509Certificate serverCert;

  public static synchronized TlsFiles shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("emqx-mcp-tls");
        dir.toFile().deleteOnExit();
        shared = new TlsFiles(dir);
      } catch (Exception e) {
        throw new IllegalStateException("cannot make the test certificates", e);
      }
    }
    return shared;
  }

  private TlsFiles(Path dir) throws Exception {
    this.dir = dir;
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);

    KeyPair caKeys = ec.generateKeyPair();
    X509Certificate ca = ca("CN=emqx-mcp test CA", caKeys);
    KeyPair wrongCaKeys = ec.generateKeyPair();
    X509Certificate wrongCa = ca("CN=some other CA", wrongCaKeys);
    caPem = write("ca.pem", pem(ca));
    wrongCaPem = write("wrong-ca.pem", pem(wrongCa));

    KeyPair serverKeys = ec.generateKeyPair();
    serverCert =
        leaf(
            ca,
            caKeys,
            "CN=" + SERVER_NAME,
            serverKeys,
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, SERVER_NAME));
    serverStore = store("server.p12", serverKeys.getPrivate(), serverCert, ca);
    loopbackCert =
        leaf(
            ca,
            caKeys,
            "CN=localhost",
            serverKeys,
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    loopbackServerStore = store("loopback.p12", serverKeys.getPrivate(), loopbackCert, ca);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    trustStore = save("trust.p12", trust);

    KeyPair clientKeys = rsa.generateKeyPair();
    X509Certificate client =
        leaf(ca, caKeys, "CN=emqx-mcp agent", clientKeys, KeyPurposeId.id_kp_clientAuth);
    clientCert = write("client.pem", pem(client) + pem(ca));
    clientKeyPkcs8 = write("client-key.pem", pkcs8(clientKeys.getPrivate(), null));
    clientKeyPkcs1 = write("client-key-rsa.pem", traditional(clientKeys.getPrivate(), false));
    clientKeyEncrypted =
        write("client-key-enc.pem", pkcs8(clientKeys.getPrivate(), KEY_PASSWORD.toCharArray()));
    clientKeyLegacyEncrypted =
        write("client-key-legacy.pem", traditional(clientKeys.getPrivate(), true));

    KeyPair wrongClientKeys = ec.generateKeyPair();
    X509Certificate wrongClient =
        leaf(wrongCa, wrongCaKeys, "CN=stranger", wrongClientKeys, KeyPurposeId.id_kp_clientAuth);
    wrongClientCert = write("stranger.pem", pem(wrongClient));
    wrongClientKey = write("stranger-key.pem", pkcs8(wrongClientKeys.getPrivate(), null));

    ecCert = write("server.pem", pem(serverCert));
    ecKeySec1 = write("server-key-ec.pem", sec1(serverKeys.getPrivate()));
  }

  /** A file of this name and content in the fixture's folder (for broken variants). */
  public Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    p.toFile().deleteOnExit();
    return p;
  }

  private static X509Certificate ca(String name, KeyPair keys) throws Exception {
    X500Name x500 = new X500Name(name);
    var builder =
        new JcaX509v3CertificateBuilder(x500, serial(), from(), to(), x500, keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
  }

  private static X509Certificate leaf(
      X509Certificate issuer,
      KeyPair issuerKeys,
      String subject,
      KeyPair keys,
      KeyPurposeId purpose,
      GeneralName... names)
      throws Exception {
    var builder =
        new JcaX509v3CertificateBuilder(
                issuer, serial(), from(), to(), new X500Name(subject), keys.getPublic())
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    if (names.length > 0) {
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private Path store(String name, PrivateKey key, X509Certificate... chain) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, STORE_PASSWORD.toCharArray(), (Certificate[]) chain);
    return save(name, store);
  }

  private Path save(String name, KeyStore store) throws Exception {
    Path p = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(p)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    p.toFile().deleteOnExit();
    return p;
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static Date from() {
    return Date.from(Instant.now().minus(Duration.ofDays(1)));
  }

  private static Date to() {
    return Date.from(Instant.now().plus(Duration.ofDays(2)));
  }

  static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  /**
   * PKCS#8, encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) as OpenSSL 3 does by default.
   */
  private static String pkcs8(PrivateKey key, char[] password) throws Exception {
    if (password == null) {
      return pem(new JcaPKCS8Generator(key, null));
    }
    var encryptor =
        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
            .setPRF(PKCS8Generator.PRF_HMACSHA256)
            .setIterationCount(2048)
            .setPassword(password)
            .setProvider(BC)
            .build();
    return pem(new JcaPKCS8Generator(key, encryptor));
  }

  /**
   * "EC PRIVATE KEY" with the curve inside, as {@code openssl ecparam -genkey} writes it (the JDK's
   * PKCS#8 leaves the curve out of the inner key, so it is put back here).
   */
  private static String sec1(PrivateKey key) throws IOException {
    var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
    var inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
    var full =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
    return "-----BEGIN EC PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(full.getEncoded())
        + "\n-----END EC PRIVATE KEY-----\n";
  }

  /** OpenSSL's traditional form (RSA PRIVATE KEY, EC PRIVATE KEY), optionally legacy-encrypted. */
  private static String traditional(PrivateKey key, boolean encrypted) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      if (encrypted) {
        w.writeObject(
            key,
            new JcePEMEncryptorBuilder("AES-128-CBC")
                .setProvider(BC)
                .build(KEY_PASSWORD.toCharArray()));
      } else {
        w.writeObject(key);
      }
    }
    return s.toString();
  }
}
