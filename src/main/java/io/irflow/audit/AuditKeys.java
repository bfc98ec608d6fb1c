package io.irflow.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys as configuration and the command line give them: base64 DER, or PEM. */
public final class AuditKeys {

  private AuditKeys() {}

  /** A PKCS#8 private key (base64 DER or PEM) with its public key. */
  public static KeyPair fromPrivateKey(String pkcs8) {
    try {
      EdECPrivateKey key = (EdECPrivateKey) KeyFactory.getInstance(AuditFormat.ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(der(pkcs8)));
      byte[] seed = key.getBytes().orElseThrow(() -> new IllegalArgumentException("the key has no private bytes"));
      // The JDK derives an Ed25519 public key only when generating a pair: generate it from the key's own seed.
      KeyPairGenerator generator = KeyPairGenerator.getInstance(AuditFormat.ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new Seed(seed));
      KeyPair pair = generator.generateKeyPair();
      KeyPair result = new KeyPair(pair.getPublic(), key);
      checkPair(result);
      return result;
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("IRFLOW_AUDIT_SIGNING_KEY is not an Ed25519 private key in PKCS#8 (base64 DER "
          + "or PEM)", e);
    }
  }

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(AuditFormat.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An X.509 SubjectPublicKeyInfo public key (base64 DER or PEM). */
  public static PublicKey publicKey(String x509) {
    try {
      return KeyFactory.getInstance(AuditFormat.ALGORITHM).generatePublic(new X509EncodedKeySpec(der(x509)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key in X.509 form (base64 DER or PEM)", e);
    }
  }

  public static String base64(PublicKey key) {
    return Base64.getEncoder().encodeToString(key.getEncoded());
  }

  static byte[] der(String text) {
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static void checkPair(KeyPair pair) throws GeneralSecurityException {
    byte[] probe = "irflow audit key check".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(AuditFormat.ALGORITHM);
    signer.initSign(pair.getPrivate());
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(AuditFormat.ALGORITHM);
    verifier.initVerify(pair.getPublic());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the public key derived from the signing key does not verify its signatures");
    }
  }

  /** Hands out the given seed as the "random" private key bytes. */
  private static final class Seed extends SecureRandom {
    private final byte[] seed;

    Seed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
    }
  }
}
