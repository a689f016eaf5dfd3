package io.vswap.points.internal.store;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import io.vswap.files.api.AtomicFile;
import io.vswap.files.api.StrictJson;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.video.api.Project;
import io.vswap.video.api.Shot;

/** Point sets as versioned JSON files beside the shot's {@code shot.json}. */
@Component(service = PointSetStore.class)
public final class JsonPointSetStore implements PointSetStore {

    static final String FORMAT_TAG = "vswap-points";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    @Override
    public Path file(Project project, Shot shot, String clipName) {
        // URL-encoding keeps any clip name a single, distinct, portable file name.
        String safe = URLEncoder.encode(clipName, StandardCharsets.UTF_8).replace("*", "%2A");
        return project.shotFolder(shot.id()).resolve("points-" + safe + ".json");
    }

    @Override
    public Optional<PointSet> load(Project project, Shot shot, String clipName)
            throws IOException, PointSetFormatException {
        Path f = file(project, shot, clipName);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        return Optional.of(read(f));
    }

    @Override
    public Path save(Project project, Shot shot, PointSet points) throws IOException {
        Path f = file(project, shot, points.clip());
        write(f, points);
        return f;
    }

    @Override
    public PointSet read(Path file) throws IOException, PointSetFormatException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no point-set file at " + file);
        }
        JsonObject root;
        try {
            JsonElement e = StrictJson.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw PointSetJson.bad(file, "it does not hold a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new PointSetFormatException(file, file + " is damaged (not valid JSON: " + e.getMessage()
                    + "). Restore it from a backup, or delete it and track the points again.", e);
        }
        String tag = root.has("format") && root.get("format").isJsonPrimitive() ? root.get("format").getAsString() : "";
        if (!FORMAT_TAG.equals(tag)) {
            throw new PointSetFormatException(file, file + " is not a VideoSwap point-set file.", null);
        }
        int version = PointSetJson.integer(root, "formatVersion", file);
        if (version > FORMAT_VERSION) {
            throw new PointSetFormatException(file, String.format(
                    "%s was written by a newer VideoSwap Studio (point-set format %d; this version reads formats up to "
                            + "%d). Open the project with a newer VideoSwap Studio; the file was not changed.",
                    file, version, FORMAT_VERSION), null);
        }
        return PointSetJson.pointSet(root, file);
    }

    @Override
    public void write(Path file, PointSet points) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT_TAG);
        root.addProperty("formatVersion", PointSetJson.formatVersion(points));
        PointSetJson.write(points, root);
        AtomicFile.writeString(file, GSON.toJson(root));
    }
}
