package io.vswap.samples.model.api;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFile;

/**
 * The built-in sample model: a tiny latent video diffusion model the project trained on its
 * sample world ({@code vswap train-sample-model}), shipped in this bundle's {@code model/} folder
 * in the diffusers layout, with {@code checksums.json} (SHA-256 of every weight and config file)
 * that {@link #verify} checks before anything loads it.
 */
public final class SampleModel {

    public static final String CHECKSUMS = "checksums.json";

    private SampleModel() {
    }

    /** The shipped model folder (this bundle is installed as a folder, so it is a real path). */
    public static Path shippedFolder() throws IOException {
        Bundle b = FrameworkUtil.getBundle(SampleModel.class);
        URL entry = b == null ? null : b.getEntry("model/");
        if (entry == null) {
            throw new IOException("the sample model is missing from io.vswap.samples.model (no model/ folder); "
                    + "reinstall the product, or train one with vswap train-sample-model");
        }
        try {
            return Path.of(FileLocator.toFileURL(entry).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** The shipped model's layout, checked against its checksums. */
    public static VideoDiffusionModel.Layout shipped() throws IOException {
        Path folder = shippedFolder();
        verify(folder);
        return VideoDiffusionModel.Layout.of(folder);
    }

    /**
     * Checks every file listed in {@code checksums.json} against its SHA-256.
     *
     * @throws IOException naming the first file that is missing or differs, and what to do
     */
    public static void verify(Path folder) throws IOException {
        Path sums = folder.resolve(CHECKSUMS);
        if (!Files.isRegularFile(sums)) {
            throw new IOException(folder + " has no " + CHECKSUMS + "; it is not a complete sample model folder");
        }
        // (names that lead outside the folder are refused before anything is hashed)
        for (Map.Entry<Path, String> e : ModelChecksums.read(folder).entrySet()) {
            Path f = e.getKey();
            if (!Files.isRegularFile(f)) {
                throw new IOException("the sample model file " + f + " is missing; reinstall the product");
            }
            String actual = sha256(f);
            if (!actual.equals(e.getValue())) {
                throw new IOException("the sample model file " + f + " is damaged (SHA-256 " + actual + ", expected "
                        + e.getValue() + "); reinstall the product");
            }
        }
        // and nothing unlisted would be loaded instead of a listed file
        ModelChecksums.verify(VideoDiffusionModel.Layout.of(folder));
    }

    /**
     * SHA-256 of the folder's {@code checksums.json}: one key for all of its weights and configs
     * (meaningful for a folder that passed {@link #verify}; this reads only the one file).
     */
    public static String checksumKey(Path folder) throws IOException {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(folder.resolve(CHECKSUMS))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code checksums.json} for every file under {@code folder} (except itself). */
    public static void writeChecksums(Path folder) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = folder.relativize(f).toString().replace('\\', '/');
            if (!rel.equals(CHECKSUMS)) {
                sums.put(rel, sha256(f));
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("algorithm", "SHA-256");
        JsonObject fo = new JsonObject();
        sums.forEach(fo::addProperty);
        o.add("files", fo);
        AtomicFile.writeString(folder.resolve(CHECKSUMS), new GsonBuilder().setPrettyPrinting().create().toJson(o));
    }

    static String sha256(Path f) throws IOException {
        return ModelChecksums.sha256(f);
    }
}
