package io.vswap.diffusion.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

import io.vswap.diffusion.api.ModelChecksums;
import io.vswap.diffusion.api.VideoDiffusionModel;

/**
 * A model folder's checksums cover exactly the bytes a load reads: a listed file changed, an
 * unlisted weight file the loader would prefer, a list naming files outside the folder: each is
 * refused by name before anything loads.
 */
class ModelChecksumsTest {

    @TempDir
    Path dir;

    private Path model() throws IOException {
        Path m = dir.resolve("model");
        for (String f : List.of("vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors", "text_encoder/config.json",
                "text_encoder/model.fp16.safetensors", "unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
                "tokenizer/vocab.json", "tokenizer/merges.txt", "motion_module/config.json",
                "motion_module/motion_module.fp16.safetensors")) {
            Files.createDirectories(m.resolve(f).getParent());
            Files.writeString(m.resolve(f), "contents of " + f);
        }
        writeList(m, null);
        return m;
    }

    /** Lists every file under {@code m}, plus {@code extra} (name → hash) when given. */
    private static void writeList(Path m, JsonObject extra) throws IOException {
        JsonObject files = new JsonObject();
        try (var s = Files.walk(m)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = m.relativize(p).toString();
                if (!rel.equals(ModelChecksums.FILE)) {
                    files.addProperty(rel, ModelChecksums.sha256(p));
                }
            }
        }
        if (extra != null) {
            extra.entrySet().forEach(e -> files.add(e.getKey(), e.getValue()));
        }
        JsonObject o = new JsonObject();
        o.addProperty("algorithm", "SHA-256");
        o.add("files", files);
        Files.writeString(m.resolve(ModelChecksums.FILE), o.toString());
    }

    @Test
    void aCompleteListedFolderPasses() throws Exception {
        Path m = model();
        VideoDiffusionModel.Layout layout = VideoDiffusionModel.Layout.of(m);
        assertEquals(10, layout.loadedFiles().size(), layout.loadedFiles().toString());
        ModelChecksums.verify(layout);
    }

    @Test
    void aChangedWeightIsRefused() throws Exception {
        Path m = model();
        Files.writeString(m.resolve("unet/diffusion_pytorch_model.fp16.safetensors"), "other weights");
        IOException e = assertThrows(IOException.class, () -> ModelChecksums.verify(VideoDiffusionModel.Layout.of(m)));
        assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.fp16.safetensors")
                && e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void anUnlistedWeightBesideTheListedOneIsRefused() throws Exception {
        Path m = model();
        // the loader prefers the full-precision name: it would load this file, which nobody checked
        Files.writeString(m.resolve("unet/diffusion_pytorch_model.safetensors"), "planted weights");
        VideoDiffusionModel.Layout layout = VideoDiffusionModel.Layout.of(m);
        assertTrue(layout.loadedFiles().contains(m.resolve("unet/diffusion_pytorch_model.safetensors")));
        IOException e = assertThrows(IOException.class, () -> ModelChecksums.verify(layout));
        assertTrue(e.getMessage().contains("unet/diffusion_pytorch_model.safetensors is not listed"), e.getMessage());
    }

    @Test
    void aMotionModuleChangedIsRefused() throws Exception {
        Path m = model();
        Files.writeString(m.resolve("motion_module/motion_module.fp16.safetensors"), "x");
        IOException e = assertThrows(IOException.class, () -> ModelChecksums.verify(VideoDiffusionModel.Layout.of(m)));
        assertTrue(e.getMessage().contains("motion_module.fp16.safetensors"), e.getMessage());
    }

    @Test
    void aListNamingFilesOutsideTheFolderIsRefused() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "not the model's");
        for (String name : List.of("../secret.txt", "unet/../../secret.txt", dir.resolve("secret.txt").toString())) {
            Path m = model();
            JsonObject extra = new JsonObject();
            extra.addProperty(name, "00");
            writeList(m, extra);
            IOException e = assertThrows(IOException.class, () -> ModelChecksums.verify(VideoDiffusionModel.Layout.of(m)),
                    name);
            assertTrue(e.getMessage().contains("may only name files of its model folder"), e.getMessage());
            deleteTree(m);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
