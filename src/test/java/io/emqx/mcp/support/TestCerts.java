package io.emqx.mcp.support;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and a server certificate it signed, made fresh for a test: the CA as PEM (what
 * {@code mqtt.ca-file} takes) and the server's key store (what the test broker serves). The server
 * certificate names only {@code localhost}, so connecting to {@code 127.0.0.1} must fail the name
 * check.
 */
public record TestCerts(Path caPem, Path keyStore, String password) {

  public static TestCerts create(Path dir) throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair caKeys = rsa.generateKeyPair();
    KeyPair serverKeys = rsa.generateKeyPair();
    Date from = Date.from(Instant.now().minus(Duration.ofDays(1)));
    Date to = Date.from(Instant.now().plus(Duration.ofDays(1)));
    X500Name caName = new X500Name("CN=emqx-mcp test CA");
    var ca =
        new JcaX509v3CertificateBuilder(
                caName, BigInteger.ONE, from, to, caName, caKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(
                Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate caCert =
        new JcaX509CertificateConverter()
            .getCertificate(
                ca.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
    var server =
        new JcaX509v3CertificateBuilder(
                caCert,
                BigInteger.TWO,
                from,
                to,
                new X500Name("CN=localhost"),
                serverKeys.getPublic())
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    X509Certificate serverCert =
        new JcaX509CertificateConverter()
            .getCertificate(
                server.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));

    String password = "changeit-test";
    KeyStore store = KeyStore.getInstance("JKS");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        serverKeys.getPrivate(),
        password.toCharArray(),
        new Certificate[] {serverCert, caCert});
    Path keyStore = dir.resolve("server.jks");
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      store.store(out, password.toCharArray());
    }
    Path pem = dir.resolve("ca.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(caCert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    return new TestCerts(pem, keyStore, password);
  }
}
