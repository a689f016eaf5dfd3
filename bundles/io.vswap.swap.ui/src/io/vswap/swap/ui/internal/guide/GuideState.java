package io.vswap.swap.ui.internal.guide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.vswap.points.api.PointSet;
import io.vswap.swap.ui.internal.SwapServices;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.ui.api.ProjectSession;

/**
 * What the New Swap wizard's pages share as the user goes: the clip once imported (or the one
 * resumed), its frames, and its points as placed, then tracked. Every step writes the project's
 * own files (the shot, the point set), so a wizard left halfway is resumed from the clip.
 */
final class GuideState {

    final ProjectSession session;
    final SwapServices services;
    /** The clip, once imported or when resumed; null before. */
    ClipRef clip;
    PreparedFrames frames;
    /** The clip's points: placed on the keyframe, then tracked. */
    PointSet points;
    /** The video the clip came from, when the wizard imported it. */
    Path video;

    GuideState(ProjectSession session, SwapServices services) {
        this.session = session;
        this.services = services;
    }

    /** The saved point set of the clip, if any. */
    Optional<PointSet> savedPoints() throws Exception {
        return services.pointSets().load(clip.project(), clip.shot(), clip.clip().name());
    }

    void savePoints(PointSet set) throws IOException {
        services.pointSets().save(clip.project(), clip.shot(), set);
        points = set;
    }

    /**
     * A description of the source and its subject when the clip can say: a sample-world video has
     * its truth file beside it ({@code shot.mkv} → {@code shot.truth.json}) with the caption and the
     * shape's word. Empty for other footage: the user writes them.
     */
    Optional<String[]> proposedPromptAndSubject() {
        if (video == null) {
            return Optional.empty();
        }
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path truth = video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".truth.json");
        if (!Files.isRegularFile(truth)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(truth)).getAsJsonObject();
            if (!"vswap-sample-truth".equals(o.get("format").getAsString())) {
                return Optional.empty();
            }
            return Optional.of(new String[] { o.get("caption").getAsString(),
                    o.getAsJsonObject("spec").get("shape").getAsString() });
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a truth file we can read: nothing proposed
        }
    }
}
