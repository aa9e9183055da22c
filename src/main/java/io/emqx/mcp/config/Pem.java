package io.emqx.mcp.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM files with the JDK alone: certificates, and private keys as PKCS#8 ({@code PRIVATE
 * KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, what {@code openssl pkcs8 -topk8}
 * writes), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC PRIVATE KEY}) keys, the last
 * two re-wrapped as PKCS#8. Every problem is a {@link ConfigProblem} naming the key; no message
 * holds key material or the password.
 */
final class Pem {

  /** A CA bundle of every public root is ~220 KB; anything far larger is not what was meant. */
  private static final long MAX_FILE = 1 << 20;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  /** DER of rsaEncryption (1.2.840.113549.1.1.1) with its NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"};

  /** One {@code -----BEGIN type-----} block: its type, headers (legacy encryption) and bytes. */
  record Block(String type, boolean legacyEncrypted, byte[] der) {}

  private Pem() {}

  /**
   * Every PEM block of the file; text around the blocks (comments, "Bag Attributes") is skipped.
   */
  static List<Block> read(Path file, String key) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigProblem(key, "is a directory, not a PEM file");
      }
      if (Files.size(file) > MAX_FILE) {
        throw new ConfigProblem(key, "is larger than 1 MiB: not a PEM certificate or key file");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigProblem(key, "no such file: " + file, e);
    } catch (IOException e) {
      throw new ConfigProblem(key, "cannot read " + file + " (check its permissions)", e);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String body = m.group(2);
      boolean encrypted = false;
      int headers = body.indexOf("\n\n");
      if (body.contains("Proc-Type:") && headers >= 0) {
        encrypted = body.substring(0, headers).contains("ENCRYPTED");
        body = body.substring(headers + 2);
      }
      try {
        blocks.add(new Block(m.group(1), encrypted, Base64.getMimeDecoder().decode(body.trim())));
      } catch (IllegalArgumentException e) {
        throw new ConfigProblem(
            key, "holds a damaged PEM block (" + m.group(1) + "): its base64 does not decode", e);
      }
    }
    if (blocks.isEmpty()) {
      throw new ConfigProblem(
          key,
          file
              + " is not a PEM file (no -----BEGIN ...----- block); a DER or PKCS#12 file can be "
              + "converted with openssl (x509 -inform der, pkcs12 -nodes)");
    }
    return blocks;
  }

  /** The certificates of the file, in order; at least one. */
  static List<X509Certificate> certificates(Path file, String key) {
    List<X509Certificate> certs = new ArrayList<>();
    CertificateFactory factory;
    try {
      factory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("the JVM has no X.509 support", e);
    }
    for (Block b : read(file, key)) {
      if (!b.type().equals("CERTIFICATE") && !b.type().equals("TRUSTED CERTIFICATE")) {
        continue;
      }
      try (InputStream in = new ByteArrayInputStream(b.der())) {
        certs.add((X509Certificate) factory.generateCertificate(in));
      } catch (CertificateException | IOException e) {
        throw new ConfigProblem(
            key, "holds a certificate that cannot be read (" + e.getMessage() + ")", e);
      }
    }
    if (certs.isEmpty()) {
      throw new ConfigProblem(key, file + " holds no -----BEGIN CERTIFICATE----- block");
    }
    return certs;
  }

  /**
   * The one private key of the file.
   *
   * @param passwordKey the key of the password setting, for messages
   */
  static PrivateKey privateKey(Path file, String key, Secret password, String passwordKey) {
    Block block = null;
    for (Block b : read(file, key)) {
      if (b.type().endsWith("PRIVATE KEY")) {
        if (block != null) {
          throw new ConfigProblem(key, "holds more than one private key; keep the one to use");
        }
        block = b;
      }
    }
    if (block == null) {
      throw new ConfigProblem(key, file + " holds no -----BEGIN ... PRIVATE KEY----- block");
    }
    if (block.legacyEncrypted()) {
      throw new ConfigProblem(
          key,
          "is encrypted in OpenSSL's legacy format, which the JDK cannot read; convert it with "
              + "'openssl pkcs8 -topk8 -in old.pem -out new.pem' (it stays encrypted) and set "
              + passwordKey);
    }
    return switch (block.type()) {
      case "PRIVATE KEY" -> pkcs8(block.der(), key);
      case "ENCRYPTED PRIVATE KEY" -> encrypted(block.der(), key, password, passwordKey);
      case "RSA PRIVATE KEY" -> pkcs8(wrap(RSA_ALGORITHM, block.der()), key);
      case "EC PRIVATE KEY" -> pkcs8(wrapEc(block.der(), key), key);
      default ->
          throw new ConfigProblem(
              key,
              "holds a '"
                  + block.type()
                  + "' block; expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or "
                  + "EC PRIVATE KEY");
    };
  }

  private static PrivateKey pkcs8(byte[] der, String key) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException tryNext) {
        // not this algorithm
      }
    }
    throw new ConfigProblem(
        key, "holds a private key the JDK cannot read (not RSA, EC, Ed25519/Ed448 or DSA)");
  }

  /**
   * Decrypts PKCS#8. PBES2 (OpenSSL's default: PBKDF2 + AES) is named by its parameters, not by
   * {@code getAlgName()}, which gives the bare PBES2 OID on older JDKs.
   */
  private static PrivateKey encrypted(byte[] der, String key, Secret password, String passwordKey) {
    if (password.isEmpty()) {
      throw new ConfigProblem(key, "is encrypted: set " + passwordKey + " to its password");
    }
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException e) {
      throw new ConfigProblem(key, "holds an ENCRYPTED PRIVATE KEY that cannot be read", e);
    }
    byte[] plain;
    try {
      AlgorithmParameters params = info.getAlgParameters();
      String algorithm =
          info.getAlgName().equals("1.2.840.113549.1.5.13") || info.getAlgName().equals("PBES2")
              ? params.toString()
              : info.getAlgName();
      char[] chars = password.reveal().toCharArray();
      PBEKeySpec spec = new PBEKeySpec(chars);
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(
          Cipher.DECRYPT_MODE,
          SecretKeyFactory.getInstance(algorithm).generateSecret(spec),
          params);
      spec.clearPassword();
      java.util.Arrays.fill(chars, '\0');
      plain = info.getKeySpec(cipher).getEncoded();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new ConfigProblem(
          key,
          "is encrypted with a scheme this JVM does not offer; re-encrypt it with "
              + "'openssl pkcs8 -topk8 -v2 aes-256-cbc'",
          e);
    } catch (GeneralSecurityException e) {
      // A wrong password fails the padding check, or (rarely) decrypts to bytes that are no key.
      throw new ConfigProblem(passwordKey, "does not decrypt " + key + " (wrong password?)");
    }
    try {
      return pkcs8(plain, key);
    } catch (ConfigProblem e) {
      throw new ConfigProblem(passwordKey, "does not decrypt " + key + " (wrong password?)");
    }
  }

  /** PKCS#8 around a SEC1 key, whose curve (its {@code [0]} parameters) becomes the algorithm's. */
  private static byte[] wrapEc(byte[] sec1, String key) {
    try {
      Der seq = new Der(sec1, 0);
      Der.Tlv outer = seq.next(0x30);
      Der inner = new Der(sec1, outer.start());
      inner.next(0x02); // version
      inner.next(0x04); // the private key
      while (inner.position() < outer.end()) {
        Der.Tlv field = inner.next(-1);
        if (field.tag() == 0xa0) {
          byte[] curve = java.util.Arrays.copyOfRange(sec1, field.start(), field.end());
          if (curve.length == 0 || curve[0] != 0x06) {
            break;
          }
          byte[] algorithm = sequence(concat(EC_PUBLIC_KEY, curve));
          return wrap(algorithm, sec1);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(key, "holds an EC PRIVATE KEY that cannot be read", e);
    }
    throw new ConfigProblem(
        key,
        "holds an EC PRIVATE KEY without a named curve; convert it with "
            + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'");
  }

  /** PrivateKeyInfo: version 0, the algorithm, the key as an OCTET STRING. */
  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Just enough DER reading to find a SEC1 key's curve. */
  private static final class Der {
    record Tlv(int tag, int start, int end) {}

    private final byte[] data;
    private int pos;

    Der(byte[] data, int pos) {
      this.data = data;
      this.pos = pos;
    }

    int position() {
      return pos;
    }

    /** The next element; {@code tag} -1 takes any. */
    Tlv next(int tag) {
      if (pos + 2 > data.length) {
        throw new IllegalArgumentException("truncated");
      }
      int t = data[pos++] & 0xff;
      if (tag >= 0 && t != tag) {
        throw new IllegalArgumentException("unexpected tag");
      }
      int len = data[pos++] & 0xff;
      if (len >= 0x80) {
        int bytes = len & 0x7f;
        if (bytes == 0 || bytes > 3 || pos + bytes > data.length) {
          throw new IllegalArgumentException("bad length");
        }
        len = 0;
        for (int i = 0; i < bytes; i++) {
          len = (len << 8) | (data[pos++] & 0xff);
        }
      }
      if (pos + len > data.length) {
        throw new IllegalArgumentException("truncated");
      }
      Tlv tlv = new Tlv(t, pos, pos + len);
      pos += len;
      return tlv;
    }
  }
}
