package io.vswap.concepts.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vswap.diffusion.api.ModelChecksums;

/**
 * The base model a concept was trained on. Its key is the content of what the concept's weights
 * depend on — the text encoder, the tokenizer and the UNet, file by file — so that a copy of the same
 * model on another machine has the same key (a concept works there), while a retrained or other model
 * of the same shape has another (the concept would draw something else there).
 *
 * @param name the model folder's name, for people ("sample", "stable-diffusion-v1-5")
 * @param key {@code content-} and a SHA-256 in hex
 */
public record BaseModelId(String name, String key) {

    /** The model's parts a concept's weights depend on. */
    static final List<String> PARTS = List.of("text_encoder", "tokenizer", "unet");

    public BaseModelId {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a base model needs a name");
        }
        if (key == null || !key.matches("content-[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a base model's key is \"content-\" and 64 hex digits, not \"" + key
                    + "\"");
        }
    }

    /** Ids already worked out, by folder, with the stamp of the files they were worked out from. */
    private static final Map<Path, Map.Entry<String, BaseModelId>> KNOWN = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Map.Entry<String, BaseModelId>> eldest) {
            return size() > 8;
        }
    };
    private static int worked;

    /**
     * The id of the diffusers model in {@code modelFolder}: the checksums its {@code checksums.json}
     * lists where it has one (they are checked at load), else the files' bytes hashed. A real model
     * without checksums is gigabytes to hash, and a swap job asks for its id when it is checked and when
     * it runs: the id is kept per folder and worked out again only when a file's name, size or
     * modification time changed.
     */
    public static BaseModelId of(Path modelFolder) throws IOException {
        Path folder = modelFolder.toAbsolutePath().normalize();
        List<Path> files = files(folder);
        StringBuilder stamp = new StringBuilder();
        for (Path f : files) {
            stamp.append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis())
                    .append('\n');
        }
        Path sums = folder.resolve(ModelChecksums.FILE);
        if (Files.isRegularFile(sums)) {
            stamp.append(sums).append(' ').append(Files.size(sums)).append(' ')
                    .append(Files.getLastModifiedTime(sums).toMillis());
        }
        synchronized (KNOWN) {
            Map.Entry<String, BaseModelId> known = KNOWN.get(folder);
            if (known != null && known.getKey().contentEquals(stamp)) {
                return known.getValue();
            }
        }
        BaseModelId id = workedOut(folder, files);
        synchronized (KNOWN) {
            KNOWN.put(folder, Map.entry(stamp.toString(), id));
            worked++;
        }
        return id;
    }

    /** How many times {@link #of} worked an id out from the files in this process (the rest were kept ids). */
    public static int timesWorkedOut() {
        synchronized (KNOWN) {
            return worked;
        }
    }

    /** The files of {@link #PARTS}, sorted; refused where there are none. */
    private static List<Path> files(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String part : PARTS) {
            Path p = folder.resolve(part);
            if (Files.isDirectory(p)) {
                try (Stream<Path> w = Files.walk(p)) {
                    w.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(folder + " is not a diffusers model folder (it has no " + String.join(", ", PARTS)
                    + "): pick the model's folder");
        }
        files.sort(null);
        return files;
    }

    private static BaseModelId workedOut(Path folder, List<Path> files) throws IOException {
        Map<Path, String> listed = ModelChecksums.present(folder) ? ModelChecksums.read(folder) : Map.of();
        StringBuilder lines = new StringBuilder();
        for (Path f : files) {
            String sum = listed.get(f);
            lines.append(folder.relativize(f).toString().replace('\\', '/')).append(' ')
                    .append(sum != null ? sum : sha256(f)).append('\n');
        }
        return new BaseModelId(folder.getFileName().toString(), "content-" + sha256(lines.toString()));
    }

    /** Whether a concept made for {@code other} works with this model. */
    public boolean sameModel(BaseModelId other) {
        return key.equals(other.key);
    }

    /** "sample (content-1a2b3c4d…)", for messages. */
    public String shown() {
        return name + " (" + key.substring(0, 16) + "…)";
    }

    /** The SHA-256 of a file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
