package io.vswap.diffusion.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one key of a model's weights, without reading them: SHA-256 over every file of the model
 * folder (its path inside the folder, size and modification time) and a motion module kept
 * outside it. A retrained or replaced file changes the key; a folder moved as a whole keeps it.
 * Edit caches, render records and evaluation reports all name a model by this key. A CLIP kept in
 * the folder's {@code clip/} for scoring renders (the sample model's) is not part of what the
 * diffusion model loads or computes, so it stays out of the key: adding or retraining it keeps the
 * model's renders and caches valid.
 */
public final class ModelKey {

    private ModelKey() {
    }

    /** The subfolder of a model folder that holds a CLIP for scoring, not the diffusion model. */
    private static final String CLIP_FOLDER = "clip";

    public static String of(VideoDiffusionModel.Layout layout) throws IOException {
        Path folder = layout.folder().toAbsolutePath().normalize();
        return key(folder, folder.resolve(CLIP_FOLDER), layout.motionModule());
    }

    /**
     * The key of any model folder by the same rule, every file in it counted: a CLIP used for
     * scoring names itself in an evaluation report by it.
     */
    public static String ofFolder(Path folder) throws IOException {
        Path f = folder.toAbsolutePath().normalize();
        return key(f, null, null);
    }

    private static String key(Path folder, Path leftOut, Path motionModule) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> w = Files.walk(folder)) {
            w.filter(Files::isRegularFile).filter(f -> leftOut == null || !f.startsWith(leftOut)).sorted()
                    .forEach(files::add);
        }
        StringBuilder text = new StringBuilder();
        for (Path f : files) {
            line(text, folder.relativize(f).toString(), f);
        }
        Path motion = motionModule == null ? null : motionModule.toAbsolutePath().normalize();
        if (motion != null && !motion.startsWith(folder) && Files.isRegularFile(motion)) {
            line(text, motion.toString(), motion);
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return "files-" + HexFormat.of().formatHex(d.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static void line(StringBuilder text, String name, Path f) throws IOException {
        text.append(name.replace('\\', '/')).append(' ').append(Files.size(f)).append(' ')
                .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
    }
}
