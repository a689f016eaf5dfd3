package io.vswap.files.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one rule that turns a user's name (a clip's, a target word) into a part of a file or folder
 * name: the name itself when it is already lower-case letters, digits and single dashes
 * ({@code main}), else those characters and a short hash of the exact name ({@code Main Clip} →
 * {@code main-clip-3f1c2a}), so that two names never share a file and no name leaves its folder.
 */
public final class FileNames {

    private FileNames() {
    }

    public static String part(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.equals(name) && !slug.isEmpty()) {
            return slug;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(d, 0, 3);
            return slug.isEmpty() ? "x-" + hash : slug + "-" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
