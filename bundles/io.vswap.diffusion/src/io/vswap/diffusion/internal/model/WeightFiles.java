package io.vswap.diffusion.internal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.types.Shape;
import io.vswap.diffusion.api.ParameterLoadReport;
import io.vswap.diffusion.api.SafetensorsEntry;
import io.vswap.diffusion.api.SafetensorsFile;

/** What the components of a model folder share: finding their files, checking a header against a model. */
public final class WeightFiles {

    private WeightFiles() {
    }

    public static Path config(Path dir, String what) throws IOException {
        Path json = dir.resolve("config.json");
        if (!Files.isRegularFile(json)) {
            throw new NoSuchFileException(json.toString(), null, what + "'s config.json is missing");
        }
        return json;
    }

    public static Path weights(Path dir, List<String> names) throws IOException {
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(dir.toString(), null, "no weight file (" + String.join(" or ", names)
                + "; .bin checkpoints are not read: convert them to safetensors)");
    }

    /** The file's header against the model's shapes: no tensor is read, so a multi-GB file checks in a moment. */
    static ParameterLoadReport check(Map<String, Shape> shapes, SafetensorsFile f) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (var e : shapes.entrySet()) {
            if (!f.contains(e.getKey())) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(f.entry(e.getKey()).shape(), e.getValue().getShape())) {
                mismatched.add(e.getKey() + ": file " + Arrays.toString(f.entry(e.getKey()).shape()) + " vs model "
                        + e.getValue());
            }
        }
        List<String> unexpected = f.entries().stream().map(SafetensorsEntry::name).filter(n -> !shapes.containsKey(n))
                .toList();
        return new ParameterLoadReport(missing, unexpected, mismatched);
    }
}
