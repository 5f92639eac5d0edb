package io.cahier.storage;

import java.security.SecureRandom;

/** Random identifiers for stored things: 16 characters of lowercase base32 (80 bits). */
public final class Ids {

    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[bytes[i] & 31];
        }
        return new String(id);
    }
}
