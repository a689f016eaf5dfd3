package io.vswap.swap.ui.internal.guide;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.vswap.points.api.PointSet;
import io.vswap.swap.ui.internal.SourceCaption;
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
    /** Where the wizard put the shot, in words, once it imported it. */
    String importedInto;

    /** The points followed in fewer than half the clip's frames (they guide the swap in few frames). */
    java.util.List<String> mostlyLost() {
        if (points == null) {
            return java.util.List.of();
        }
        return points.points().stream().filter(p -> p.tracked().map(t -> t.visibleCount() * 2 < t.frameCount())
                .orElse(false)).map(p -> p.name()).toList();
    }

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

    /** The source's description and subject when the clip can say ({@link SourceCaption}). */
    Optional<String[]> proposedPromptAndSubject() {
        return video == null ? Optional.empty() : SourceCaption.beside(video);
    }
}
