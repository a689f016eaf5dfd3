package io.vswap.swap.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a file in a {@link PreprocessingCache}: SHA-256 over typed, length-prefixed values
 * (everything the file depends on, in a fixed order), as 32 hex digits. One rule for every method, so
 * that a changed input always gives another name and a cache is never read for the wrong inputs.
 */
public final class CacheKey {

    private final MessageDigest digest;

    public CacheKey() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public CacheKey add(String s) {
        return add(s.getBytes(StandardCharsets.UTF_8));
    }

    public CacheKey add(byte[] b) {
        add((long) b.length);
        digest.update(b);
        return this;
    }

    public CacheKey add(long v) {
        for (int i = 0; i < 8; i++) {
            digest.update((byte) (v >>> (8 * i)));
        }
        return this;
    }

    public CacheKey add(int v) {
        return add((long) v);
    }

    public CacheKey add(double v) {
        return add(Double.doubleToLongBits(v));
    }

    /** The key so far as 32 hex digits (the first 16 bytes of the digest); ends this key. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
