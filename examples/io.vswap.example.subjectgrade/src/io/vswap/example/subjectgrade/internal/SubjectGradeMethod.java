package io.vswap.example.subjectgrade.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

import io.vswap.points.api.PointSet;
import io.vswap.swap.api.EditInput;
import io.vswap.swap.api.EditMethod;
import io.vswap.swap.api.EditReport;
import io.vswap.swap.api.EditRequest;
import io.vswap.swap.api.EditResult;
import io.vswap.swap.api.EditSetting;
import io.vswap.video.api.FrameMasks;
import io.vswap.video.api.RgbFrame;

/**
 * A studio's own edit method, to show that a method is a bundle and nothing else: it grades the
 * subject alone towards a colour word ("blue"), where its tracked semantic points outline it (their
 * convex hull each frame, grown by a margin) and only the pixels of the colours under the points,
 * keeping each pixel's brightness; every other pixel is left exactly as it was. No diffusion: it runs in a moment on any clip with tracked points.
 */
@Component(service = EditMethod.class)
public final class SubjectGradeMethod implements EditMethod {

    /** The colours it grades to, by word. */
    static final Map<String, int[]> COLOURS = Map.of("red", new int[] { 230, 40, 40 }, "green",
            new int[] { 40, 200, 60 }, "blue", new int[] { 40, 80, 230 }, "yellow", new int[] { 235, 215, 40 },
            "orange", new int[] { 240, 140, 30 }, "purple", new int[] { 140, 50, 200 }, "cyan",
            new int[] { 40, 210, 220 }, "magenta", new int[] { 220, 50, 200 });

    private static final EditSetting STRENGTH = new EditSetting("strength", EditSetting.Kind.DECIMAL, 0.85,
            "how far the subject's colours move to the target colour (0: not at all, 1: all the way)", 0.0, 1.0)
            .shown("Strength", EditSetting.MAIN);
    private static final EditSetting MARGIN = new EditSetting("margin", EditSetting.Kind.INTEGER, 12,
            "pixels added around the points' outline (points sit inside the subject, not on its edge)", 0.0, 256.0)
            .shown("Margin around the points", EditSetting.MAIN);
    private static final EditSetting TOLERANCE = new EditSetting("tolerance", EditSetting.Kind.DECIMAL, 90.0,
            "how far (RGB distance) a pixel's colour may be from the colours under the points to count as the subject",
            0.0, 442.0).shown("Colour tolerance", EditSetting.MAIN);

    @Override
    public String id() {
        return "subject-grade";
    }

    @Override
    public String displayName() {
        return "Subject colour grade (example)";
    }

    @Override
    public Set<EditInput> inputs() {
        return Set.of(EditInput.POINTS, EditInput.TARGET_WORD);
    }

    @Override
    public List<EditSetting> settings() {
        return List.of(STRENGTH, MARGIN, TOLERANCE);
    }

    @Override
    public EditResult run(EditRequest request, IProgressMonitor monitor) {
        for (String name : request.settings().keySet()) {
            if (settings().stream().noneMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("subject-grade has no setting \"" + name + "\"; it has strength, "
                        + "margin and tolerance");
            }
        }
        int[] colour = COLOURS.get(request.target().toLowerCase(Locale.ROOT).strip());
        if (colour == null) {
            throw new IllegalArgumentException("subject-grade grades to a colour: the target is one of "
                    + String.join(", ", COLOURS.keySet().stream().sorted().toList()) + ", not \"" + request.target()
                    + "\"");
        }
        PointSet points = request.points();
        if (points == null || !points.isTracked() || points.points().isEmpty()) {
            throw new IllegalArgumentException("subject-grade needs the clip's tracked points: place points on the "
                    + "subject and track them first");
        }
        double strength = ((Number) STRENGTH.coerce(request.settings().getOrDefault("strength",
                STRENGTH.defaultValue()))).doubleValue();
        int margin = ((Number) MARGIN.coerce(request.settings().getOrDefault("margin", MARGIN.defaultValue())))
                .intValue();
        double tolerance = ((Number) TOLERANCE.coerce(request.settings().getOrDefault("tolerance",
                TOLERANCE.defaultValue()))).doubleValue();
        List<RgbFrame> frames = request.frames();
        SubMonitor sub = SubMonitor.convert(monitor, "Grading the subject " + request.target(), frames.size());
        long t0 = System.nanoTime();
        FrameMasks masks = SubjectOutline.keyed(points, frames, margin, tolerance);
        List<RgbFrame> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            sub.checkCanceled();
            out.add(grade(frames.get(f), masks.frame(f), colour, strength));
            sub.worked(1);
        }
        EditReport report = new EditReport.Builder().settings(Map.of("strength", strength, "margin", margin,
                "tolerance", tolerance))
                .stage("grade", (System.nanoTime() - t0) / 1e9).figure("subject share", masks.coverage()).build();
        return new EditResult(out, report, Optional.of(masks));
    }

    /** Moves each masked pixel towards the colour at its own brightness; the others are copied. */
    static RgbFrame grade(RgbFrame f, boolean[] mask, int[] colour, double strength) {
        byte[] in = f.rgb();
        byte[] rgb = in.clone();
        double colourLuma = luma(colour[0], colour[1], colour[2]);
        for (int p = 0; p < mask.length; p++) {
            if (!mask[p]) {
                continue;
            }
            int r = in[3 * p] & 0xff;
            int g = in[3 * p + 1] & 0xff;
            int b = in[3 * p + 2] & 0xff;
            double scale = luma(r, g, b) / Math.max(1, colourLuma);
            for (int c = 0; c < 3; c++) {
                double target = Math.min(255, colour[c] * scale);
                double v = (in[3 * p + c] & 0xff) * (1 - strength) + target * strength;
                rgb[3 * p + c] = (byte) Math.round(Math.max(0, Math.min(255, v)));
            }
        }
        return new RgbFrame(f.index(), f.width(), f.height(), rgb);
    }

    private static double luma(int r, int g, int b) {
        return 0.299 * r + 0.587 * g + 0.114 * b;
    }
}
