package io.vswap.diffusion.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.vswap.files.api.ProjectNames;
import io.vswap.files.api.StrictJson;

/**
 * A model folder's {@code checksums.json} ({@code {"algorithm": "SHA-256", "files": {"unet/…":
 * "hex", …}}}), checked against exactly the bytes a load will read: every file of
 * {@link VideoDiffusionModel.Layout#loadedFiles()} inside the folder must be listed and match. A
 * weight file that is not listed (say a full-precision file dropped beside the listed {@code .fp16}
 * one, which the loader would prefer) is refused, not loaded unchecked. Names that lead outside the
 * folder are refused before anything is read.
 */
public final class ModelChecksums {

    public static final String FILE = "checksums.json";

    private ModelChecksums() {
    }

    /** Whether the folder carries a checksum list (folders without one are loaded as they are). */
    public static boolean present(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }

    /**
     * The listed files, resolved inside {@code folder}, with their expected SHA-256.
     *
     * @throws IOException when the list is damaged or names a file outside the folder
     */
    public static Map<Path, String> read(Path folder) throws IOException {
        Path sums = folder.resolve(FILE);
        JsonObject files;
        try {
            JsonElement root = StrictJson.parse(Files.readString(sums, StandardCharsets.UTF_8));
            files = root.isJsonObject() && root.getAsJsonObject().get("files") instanceof JsonObject f ? f : null;
        } catch (JsonParseException e) {
            files = null;
        }
        if (files == null) {
            throw new IOException(sums + " is damaged (no \"files\" object); restore the model folder from its source");
        }
        Map<Path, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : files.entrySet()) {
            Path p;
            try {
                p = ProjectNames.inside(folder, e.getKey(), "the file \"" + e.getKey() + "\" in " + sums);
            } catch (IllegalArgumentException x) {
                throw new IOException(x.getMessage() + "; a checksum list may only name files of its model folder", x);
            }
            if (!e.getValue().isJsonPrimitive()) {
                throw new IOException(sums + " is damaged: the checksum of " + e.getKey() + " is not text");
            }
            out.put(p, e.getValue().getAsString().toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /**
     * Checks every file the load of {@code layout} will read that lies in the folder.
     *
     * @throws IOException naming the first file that is not listed, missing or different, and what to do
     */
    public static void verify(VideoDiffusionModel.Layout layout) throws IOException {
        Path folder = layout.folder().toAbsolutePath().normalize();
        Map<Path, String> listed = read(folder);
        for (Map.Entry<Path, String> e : listed.entrySet()) {
            if (!Files.isRegularFile(e.getKey())) {
                throw new IOException("the model file " + e.getKey() + " listed in " + FILE
                        + " is missing; restore the model folder from its source");
            }
        }
        for (Path f : layout.loadedFiles()) {
            Path p = f.toAbsolutePath().normalize();
            if (!p.startsWith(folder)) {
                continue; // e.g. an AnimateDiff file kept elsewhere: not this list's to check
            }
            String expected = listed.get(p);
            if (expected == null) {
                throw new IOException("the model file " + p + " is not listed in " + folder.resolve(FILE)
                        + ", so it would be loaded unchecked (the loader prefers it to a listed file beside it). "
                        + "Remove it, or list it with its SHA-256 if it belongs to the model");
            }
            String actual = sha256(p);
            if (!actual.equals(expected)) {
                throw new IOException("the model file " + p + " does not match " + FILE + " (SHA-256 " + actual
                        + ", expected " + expected + "): it is damaged or was replaced; restore it from the model's source");
            }
        }
    }

    public static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
