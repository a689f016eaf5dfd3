package io.vswap.samples.internal.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.files.api.AtomicFile;
import io.vswap.samples.api.BackgroundColor;
import io.vswap.samples.api.BackgroundPattern;
import io.vswap.samples.api.SampleClip;
import io.vswap.samples.api.SampleSpec;
import io.vswap.samples.api.SampleWorld;
import io.vswap.samples.api.SubjectColor;
import io.vswap.samples.api.SubjectShape;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.FrameWriter;
import io.vswap.video.api.MemoryCheck;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * {@code "sample"}: a sample-world clip written as a video, with its ground truth beside it
 * ({@code <name>.truth.json}), e.g.
 * {@code {"type": "sample", "output": "samples/s7.mkv", "seed": 7, "shape": "star"}}. Parts of
 * the spec not given are drawn from the seed, as {@link SampleWorld#clip(long, int, int)} does.
 */
@Component(service = BatchJobType.class)
public final class SampleJobType implements BatchJobType {

    /** Sample clips stand for 16 frames taken at a stride of 4 from 30 fps footage. */
    static final double FRAME_RATE = 7.5;

    @Reference
    private VideoCodecRegistry codecs;

    @Override
    public String type() {
        return "sample";
    }

    private static final JobField OUTPUT = JobField.required("output", JobField.Kind.PATH,
            ".mkv (lossless FFV1) or .mp4 (H.264); <name>.truth.json is written beside it");
    private static final JobField SEED = JobField.required("seed", JobField.Kind.INTEGER,
            "the seed the clip is drawn from (a whole number, at most 2^53 in size)");
    private static final JobField SIZE = JobField.integer("size", 64, "frame side in pixels (even for .mp4)")
            .within(SampleWorld.MIN_SIZE, 4096);
    private static final JobField FRAMES = JobField.integer("frames", 16, "frames in the clip").within(1, 10_000);
    private static final List<JobField> FIELDS = List.of(OUTPUT, SEED, SIZE, FRAMES,
            JobField.optional("shape", JobField.Kind.TEXT, "drawn from the seed", words(SubjectShape.values(),
                    SubjectShape::word)),
            JobField.optional("color", JobField.Kind.TEXT, "drawn from the seed", words(SubjectColor.values(),
                    SubjectColor::word)),
            JobField.optional("pattern", JobField.Kind.TEXT, "drawn from the seed", words(BackgroundPattern.values(),
                    BackgroundPattern::word)),
            JobField.optional("background", JobField.Kind.TEXT, "drawn from the seed", words(BackgroundColor.values(),
                    BackgroundColor::word)));

    private static <E> String words(E[] values, java.util.function.Function<E, String> word) {
        return "one of " + java.util.Arrays.stream(values).map(word).collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "render a sample-world clip (a coloured shape moving over a background) and its ground truth";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Path output = OUTPUT.path(spec);
        String name = output.getFileName().toString();
        VideoFormat format;
        if (name.toLowerCase(Locale.ROOT).endsWith(".mkv")) {
            format = VideoFormat.FFV1_MKV;
        } else if (name.toLowerCase(Locale.ROOT).endsWith(".mp4")) {
            format = VideoFormat.H264_MP4;
        } else {
            throw spec.error("output", "must end in .mkv (lossless FFV1) or .mp4 (H.264), not " + name);
        }
        // a seed may exceed an int: read as a number, then checked whole
        double seedValue = SEED.optDecimal(spec).orElseThrow();
        if (seedValue != Math.rint(seedValue) || Math.abs(seedValue) > (1L << 53)) {
            throw spec.error("seed", "must be a whole number (at most 2^53 in size), not " + seedValue);
        }
        long seed = (long) seedValue;
        int size = SIZE.integer(spec);
        if (format == VideoFormat.H264_MP4 && size % 2 != 0) {
            throw spec.error("size", "must be even for H.264 (.mp4), not " + size);
        }
        int frames = FRAMES.integer(spec);
        SampleSpec drawn = SampleSpec.random(new Random(seed));
        SampleSpec sample = new SampleSpec(
                choice(spec, "shape", SubjectShape.values(), SubjectShape::word).orElse(drawn.shape()),
                choice(spec, "color", SubjectColor.values(), SubjectColor::word).orElse(drawn.color()),
                choice(spec, "pattern", BackgroundPattern.values(), BackgroundPattern::word).orElse(drawn.pattern()),
                choice(spec, "background", BackgroundColor.values(), BackgroundColor::word)
                        .orElse(drawn.background()));
        Path truth = TruthFile.beside(output);
        return new BatchJob() {
            @Override
            public String describe() {
                return "sample " + frames + " frames of " + size + "×" + size + ", seed " + seed + ": \""
                        + sample.caption() + "\" → " + output;
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SubMonitor sub = SubMonitor.convert(monitor, "Sampling " + output.getFileName(), frames + 2);
                // the world renders the whole clip at once: frame, background (3 floats) and coverage (1) per pixel
                MemoryCheck.require(28L * frames * size * size, "a sample clip of " + frames + " frames of " + size + "×" + size);
                SampleClip clip = SampleWorld.clip(seed, size, frames, sample);
                sub.worked(1);
                Files.createDirectories(output.toAbsolutePath().getParent());
                VideoCodec codec = codecs.writerFor(format).orElseThrow(() -> new IllegalStateException(
                        "no video codec writes " + format + "; is the FFmpeg codec bundle installed?"));
                FrameWriter writer = codec.openWriter(output, new EncodeSettings(format, size, size, FRAME_RATE));
                boolean done = false;
                try {
                    for (int f = 0; f < frames; f++) {
                        if (sub.isCanceled()) {
                            throw new OperationCanceledException();
                        }
                        writer.write(new RgbFrame(f, size, size, clip.frameRgb(f)));
                        sub.worked(1);
                    }
                    if (sub.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    writer.close();
                    done = true;
                } finally {
                    if (!done) {
                        writer.abort();
                    }
                }
                AtomicFile.writeString(truth, TruthFile.json(clip, seed));
                sub.worked(1);
                return String.format("\"%s\", %d frames of %d×%d → %s (truth: %s)", clip.caption(), frames, size, size,
                        output, truth.getFileName());
            }
        };
    }

    /** An enum constant named by its caption word or its name, case-insensitive. */
    private static <E extends Enum<E>> Optional<E> choice(JobSpec spec, String field, E[] values,
            java.util.function.Function<E, String> word) throws SpecException {
        Optional<String> given = spec.optString(field);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String g = given.get().trim().toLowerCase(Locale.ROOT);
        StringBuilder known = new StringBuilder();
        for (E e : values) {
            if (word.apply(e).equals(g) || e.name().toLowerCase(Locale.ROOT).equals(g)) {
                return Optional.of(e);
            }
            known.append(known.length() == 0 ? "" : ", ").append(word.apply(e));
        }
        throw spec.error(field, "is \"" + given.get() + "\"; it must be one of " + known);
    }
}
