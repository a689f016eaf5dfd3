package io.vswap.points.internal.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.ClipTarget;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.AtomicFile;
import io.vswap.points.api.ClipPointTracking;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.Position;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.Shot;

/**
 * {@code "track"}: named points placed on one clip frame, tracked through the clip and saved
 * beside the shot, with a contact sheet of the tracks in {@code renders/}, e.g.
 * {@code {"type": "track", "project": "p", "shot": "dog", "keyframe": 0,
 *         "points": {"nose": {"x": 210, "y": 144}, "tail": {"x": 380, "y": 200}}}}.
 */
@Component(service = BatchJobType.class)
public final class TrackJobType implements BatchJobType {

    @Reference
    private ProjectStore store;

    @Reference
    private ClipPointTracking tracking;

    @Reference
    private PointSetStore pointSets;

    @Override
    public String type() {
        return "track";
    }

    private static final JobField KEYFRAME = JobField.integer("keyframe", 0, "the clip frame the points are given on")
            .within(0, null);
    private static final List<JobField> FIELDS = List.of(
            ClipTarget.PROJECT, ClipTarget.SHOT, ClipTarget.fields("the clip to track").get(2), KEYFRAME,
            JobField.required("points", JobField.Kind.OBJECT, "{name: {x, y}} in clip pixels, or the path of a JSON "
                    + "file with such an object, or of a sample's .truth.json (its points at the keyframe; the "
                    + "tracking error against its truth is reported)"));

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "track named points from a keyframe through a clip and save them beside the shot";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        ClipTarget target = ClipTarget.read(spec);
        int keyframe = KEYFRAME.integer(spec);
        PointsInput input = PointsInput.parse(spec, keyframe);
        Map<String, Position> points = input.points();
        return new BatchJob() {
            @Override
            public String describe() {
                return "track " + points.size() + " point(s) in " + target.describe();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SubMonitor sub = SubMonitor.convert(monitor, "Tracking " + target.shot(), 100);
                ClipTarget.Found found = target.find(store);
                Project p = found.project();
                Shot s = found.shot();
                Clip c = found.clip();
                if (keyframe >= c.settings().frameCount()) {
                    throw new IllegalArgumentException("keyframe " + keyframe + " is outside clip \"" + c.name()
                            + "\" (frames 0–" + (c.settings().frameCount() - 1) + ")");
                }
                Map<String, Position> placed = input.scaledTo(c.settings().outputWidth());
                Path saved = tracking.trackAndSave(p, s, c, keyframe, placed, sub.split(90));
                PointSet set = pointSets.read(saved);
                String error = input.errorAgainstTruth(set, c.settings().outputWidth());
                Path sheet = p.rendersFolder().resolve(found.stem() + "-points.png");
                AtomicFile.write(sheet, ContactSheet.png(store.readClipFrames(p, s, c, sub.split(10)),
                        (g, frame) -> TrackOverlay.paint(g, set, frame)));
                return String.format("%d point(s) tracked through %d frames → %s (overlay: %s)%s", points.size(),
                        c.settings().frameCount(), saved, sheet.getFileName(), error);
            }
        };
    }
}
