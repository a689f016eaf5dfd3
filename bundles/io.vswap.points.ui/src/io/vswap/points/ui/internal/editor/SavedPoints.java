package io.vswap.points.ui.internal.editor;

import java.io.IOException;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;

import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.ui.api.ClipRef;
import io.vswap.ui.api.PreparedFrames;
import io.vswap.video.api.RgbFrame;

/** The point editor's part of loading a clip: its saved point set, which must fit the prepared frames. */
final class SavedPoints {

    private SavedPoints() {
    }

    /**
     * The clip's saved point set, or an empty one for its frames (the coordinate space of every point).
     *
     * @throws CoreException when the saved points were placed on frames of another count or size
     */
    static PointSet of(PointSetStore store, ClipRef ref, PreparedFrames clip)
            throws IOException, PointSetFormatException, CoreException {
        int frames = clip.frames().size();
        RgbFrame first = clip.frames().get(0);
        PointSet points = store.load(ref.project(), ref.shot(), ref.clip().name())
                .orElse(PointSet.empty(ref.clip().name(), frames, first.width(), first.height()));
        if (points.frameCount() != frames || points.width() != first.width() || points.height() != first.height()) {
            throw new CoreException(Status.error("The saved points of " + ref.clip().name() + " are for "
                    + points.frameCount() + " frames of " + points.width() + "×" + points.height()
                    + " but the clip now has " + frames + " frames of " + first.width() + "×" + first.height()
                    + ". The clip settings changed after the points were placed."));
        }
        return points;
    }
}
