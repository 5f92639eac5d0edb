package io.cahier.accounts;

import io.cahier.http.CahierException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2-HMAC-SHA256 from the JDK at OWASP's 2023 strength (600,000 iterations),
 * a random 16-byte salt, encoded {@code pbkdf2-sha256$iterations$salt$hash} (salt and hash in
 * unpadded base64), so that a later, stronger setting still verifies older hashes. Hashing is slow
 * on purpose (about half a second): callers run it on a worker thread, never on an event loop.
 */
public final class Passwords {

    public static final int ITERATIONS = 600_000;
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 1024;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    /** Verified when the email is unknown, so that a wrong email costs as long as a wrong password (made on first use, on a worker). */
    private static final class Decoy {
        static final String HASH = hash("decoy password that no account has");
    }

    private Passwords() {
    }

    /** Refuses a password outside the rules, with a message that says them (never the password). */
    public static void checkRules(String password) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw CahierException.badRequest("a password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
    }

    /** Blocking (about half a second). */
    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + ITERATIONS + "$" + ENCODER.encodeToString(salt) + "$"
                + ENCODER.encodeToString(derive(password, salt, ITERATIONS));
    }

    /** Blocking. True if {@code password} is the one {@code encoded} was made from; a null hash checks the decoy. */
    public static boolean verify(String password, String encoded) {
        if (encoded == null) {
            verify(password, Decoy.HASH);
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalStateException("unknown password hash scheme");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
