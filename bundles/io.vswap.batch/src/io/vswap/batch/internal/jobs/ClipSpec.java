package io.vswap.batch.internal.jobs;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.DoubleToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.video.api.ClipSettings;
import io.vswap.video.api.CropRect;
import io.vswap.video.api.SizePreset;
import io.vswap.video.api.VideoProbe;

/**
 * The {@code "clip"} object of an import job, checked at parse time; what needs the source
 * (defaults for frames and stride, a centred crop) is settled by {@link #settingsFor}.
 */
record ClipSpec(String name, int start, OptionalDouble startTime, OptionalInt frames, OptionalInt stride, int width,
        int height, Optional<CropRect> crop) {

    static final String DEFAULT_NAME = "main";
    static final String FIELDS = "name, start (a frame) or startTime (seconds, or a time such as \"01:12.5\"), "
            + "frames, stride, size (\"512x512\", \"768x448\" or a preset name), "
            + "width and height (instead of size), crop {x, y, width, height}";

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*[x×]\\s*(\\d+)");

    /** The clip of {@code job}: its {@code "clip"} object, or VideoSwap's defaults when there is none. */
    static ClipSpec parse(JobSpec job) throws SpecException {
        Optional<JobSpec> maybe = job.optObject("clip");
        if (maybe.isEmpty()) {
            return new ClipSpec(DEFAULT_NAME, 0, OptionalDouble.empty(), OptionalInt.empty(), OptionalInt.empty(),
                    SizePreset.SQUARE_512.width(), SizePreset.SQUARE_512.height(), Optional.empty());
        }
        JobSpec clip = maybe.get();
        clip.requireOnly("name", "start", "startTime", "frames", "stride", "size", "width", "height", "crop");
        String name = clip.optString("name").orElse(DEFAULT_NAME);
        int start = clip.optInt("start").orElse(0);
        if (start < 0) {
            throw clip.error("start", "must be 0 or more (the first frame is 0), not " + start);
        }
        OptionalDouble startTime = startTime(clip);
        if (startTime.isPresent() && clip.has("start")) {
            throw clip.error("startTime", "give either start (a frame) or startTime (a time), not both");
        }
        OptionalInt frames = clip.optInt("frames");
        if (frames.isPresent() && frames.getAsInt() < 1) {
            throw clip.error("frames", "must be 1 or more, not " + frames.getAsInt());
        }
        OptionalInt stride = clip.optInt("stride");
        if (stride.isPresent() && stride.getAsInt() < 1) {
            throw clip.error("stride", "must be 1 or more (1 takes every frame), not " + stride.getAsInt());
        }
        int width;
        int height;
        if (clip.has("size")) {
            if (clip.has("width") || clip.has("height")) {
                throw clip.error("size", "give either size or width and height, not both");
            }
            int[] wh = size(clip, clip.string("size"));
            width = wh[0];
            height = wh[1];
        } else if (clip.has("width") || clip.has("height")) {
            width = clip.optInt("width").orElseThrow(() -> clip.error("width", "is missing (height is given)"));
            height = clip.optInt("height").orElseThrow(() -> clip.error("height", "is missing (width is given)"));
            checkSize(clip, "width", width);
            checkSize(clip, "height", height);
        } else {
            width = SizePreset.SQUARE_512.width();
            height = SizePreset.SQUARE_512.height();
        }
        Optional<CropRect> crop = Optional.empty();
        Optional<JobSpec> cropSpec = clip.optObject("crop");
        if (cropSpec.isPresent()) {
            JobSpec c = cropSpec.get();
            c.requireOnly("x", "y", "width", "height");
            int x = c.optInt("x").orElseThrow(() -> c.error("x", "is missing"));
            int y = c.optInt("y").orElseThrow(() -> c.error("y", "is missing"));
            int w = c.optInt("width").orElseThrow(() -> c.error("width", "is missing"));
            int h = c.optInt("height").orElseThrow(() -> c.error("height", "is missing"));
            if (x < 0 || y < 0) {
                throw c.error(x < 0 ? "x" : "y", "must be 0 or more (pixels from the top left corner)");
            }
            if (w <= 0 || h <= 0) {
                throw c.error(w <= 0 ? "width" : "height", "must be positive");
            }
            crop = Optional.of(new CropRect(x, y, w, h));
        }
        return new ClipSpec(name, start, startTime, frames, stride, width, height, crop);
    }

    private static final Pattern TIME = Pattern.compile("(?:(?:(\\d+):)?(\\d+):)?(\\d+(?:\\.\\d+)?)s?");

    /** Seconds as a number, or a time: {@code "12.5"}, {@code "12.5s"}, {@code "01:12.5"}, {@code "1:02:03.040"}. */
    private static OptionalDouble startTime(JobSpec clip) throws SpecException {
        if (!clip.has("startTime")) {
            return OptionalDouble.empty();
        }
        double seconds;
        try {
            seconds = clip.optNumber("startTime").orElseThrow();
        } catch (SpecException notANumber) {
            String text = clip.string("startTime").trim();
            Matcher m = TIME.matcher(text);
            if (!m.matches()) {
                throw clip.error("startTime", "expected seconds (12.5) or a time (01:12.5 or 1:02:03.040), not \""
                        + text + "\"");
            }
            seconds = (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)) * 3600)
                    + (m.group(2) == null ? 0 : Integer.parseInt(m.group(2)) * 60) + Double.parseDouble(m.group(3));
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw clip.error("startTime", "must be 0 or more seconds, not " + seconds);
        }
        return OptionalDouble.of(seconds);
    }

    private static int[] size(JobSpec clip, String text) throws SpecException {
        for (SizePreset p : SizePreset.values()) {
            if (p != SizePreset.CUSTOM && p.name().equalsIgnoreCase(text.trim())) {
                return new int[] { p.width(), p.height() };
            }
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw clip.error("size", "expected WIDTHxHEIGHT such as \"512x512\" or \"768x448\", or a preset ("
                    + SizePreset.SQUARE_512.name() + ", " + SizePreset.LANDSCAPE_768x448.name() + "), not \"" + text
                    + "\"");
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        checkSize(clip, "size", w);
        checkSize(clip, "size", h);
        return new int[] { w, h };
    }

    private static void checkSize(JobSpec clip, String field, int pixels) throws SpecException {
        if (pixels <= 0 || pixels % 8 != 0) {
            throw clip.error(field, "sizes must be positive multiples of 8 (the latent is 1/8 of the frame), not "
                    + pixels);
        }
    }

    /**
     * The settings for a source: given values, VideoSwap's defaults for the rest.
     *
     * @param frameAt the source's frame on screen at a time (its real times on a variable rate)
     */
    ClipSettings settingsFor(VideoProbe probe, DoubleToIntFunction frameAt) {
        ClipSettings defaults = ClipSettings.defaults(probe, width, height);
        int first = startTime.isPresent() ? frameAt.applyAsInt(startTime.getAsDouble()) : start;
        ClipSettings s = defaults.withRange(first, frames.orElse(defaults.frameCount()),
                stride.orElse(defaults.stride()));
        if (crop.isPresent()) {
            s = s.withUserCrop(crop.get());
        }
        return s;
    }
}
