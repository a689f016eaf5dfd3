package io.vswap.swap.internal.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;

import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.SwapSpec;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Shot;

/**
 * The key of everything a swap render is made from: the method and every setting resolved, the
 * prompts, target and point edit, the model's weights ({@link io.vswap.diffusion.api.ModelKey}),
 * the clip (its shot's probe and the clip's settings), the point set's file and the concepts the
 * target names (their weights' checksums). A render whose
 * record holds the same key need not be made again. Folder paths are left out, so that a farm
 * host that sees the project under another path agrees with the workstation.
 */
final class SwapInputs {

    private static final String VERSION = "swap-inputs-1";

    private SwapInputs() {
    }

    static String key(SwapSpec r, EditMethod method, String modelKey, Shot s, Clip c, Path pointSetFile,
            Map<String, Object> settings, List<String> concepts) throws IOException {
        JsonObject job = r.toJob();
        for (String pathLike : new String[] { "project", "model", "name", "shot", "clip", "points", "prepareOnly" }) {
            job.remove(pathLike);
        }
        JsonObject resolved = new JsonObject();
        new TreeMap<>(settings).forEach((k, v) -> SwapSpec.addValue(resolved, k, v));
        job.add("settings", resolved);
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            update(d, VERSION);
            update(d, method.id());
            update(d, sorted(job).toString());
            update(d, modelKey);
            update(d, s.id());
            update(d, s.probe().toString());
            update(d, c.name());
            update(d, c.settings().toString());
            for (String concept : concepts) {
                update(d, concept); // none for a word target: its key stays as before concepts existed
            }
            if (pointSetFile != null) {
                d.update(Files.isRegularFile(pointSetFile) ? Files.readAllBytes(pointSetFile) : new byte[0]);
            }
            return "sha256-" + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** Fields in name order, so that a job written in another order has the same key. */
    private static JsonObject sorted(JsonObject o) {
        JsonObject out = new JsonObject();
        new TreeMap<>(o.asMap()).forEach((k, v) -> out.add(k, v.isJsonObject() ? sorted(v.getAsJsonObject()) : v));
        return out;
    }

    private static void update(MessageDigest d, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        d.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
        d.update((byte) ':');
        d.update(b);
    }
}
