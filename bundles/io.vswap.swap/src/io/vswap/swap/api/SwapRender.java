package io.vswap.swap.api;

import java.util.List;

import io.vswap.points.api.PointEdit;

/**
 * A swap render's record ({@code renders/<stem>.json}, written beside the videos and the sheet by
 * the {@code swap} job): everything needed to run the edit again, and what the method reported.
 * {@link SwapRenders} is its one JSON mapping.
 *
 * @param job the job as it ran: clip, point set (for a method that reads points), model folder and every
 *        setting resolved, so that
 *        {@code vswap batch} runs it again as written
 * @param methodName the method's name for people
 * @param modelSettings the settings whose value the model folder recommended (the job did not set them)
 * @param edit the points the edit removed and dragged (drags as displacements on their frame)
 * @param modelKey identifies the model's weights ({@link io.vswap.diffusion.api.ModelKey})
 * @param clip the clip the render is of
 * @param report the method's report
 * @param files the render's other files, lossless video first, beside the record
 * @param inputsKey the key of everything the render was made from (empty in records written before
 *        it existed): a batch rerun skips a job whose render has the same key
 */
public record SwapRender(SwapSpec job, String methodName, List<String> modelSettings, PointEdit edit,
        String modelKey, ClipInfo clip, EditReport report, List<String> files, String inputsKey) {

    /** The clip a render is of, and the size of its frames. */
    public record ClipInfo(String shot, String shotName, String clip, int frames, int width, int height) {
    }

    public SwapRender {
        modelSettings = List.copyOf(modelSettings);
        files = List.copyOf(files);
        inputsKey = inputsKey == null ? "" : inputsKey;
        if (job.clip().isEmpty() || job.model().isEmpty()) {
            throw new IllegalArgumentException("a render's job names its clip and model");
        }
    }

    /**
     * How a render's subject masks file ends ({@code <stem>-mask.png}: {@link io.vswap.video.api.FrameMasks#toPng()}
     * at the method's resolution), listed in {@link #files()} where the method said where the subject is.
     */
    public static final String MASKS = "-mask.png";

    /** The render's subject masks file, beside the record, where it has one. */
    public java.util.Optional<String> masksFile() {
        return files.stream().filter(f -> f.endsWith(MASKS)).findFirst();
    }

    /** A record without an inputs key. */
    public SwapRender(SwapSpec job, String methodName, List<String> modelSettings, PointEdit edit, String modelKey,
            ClipInfo clip, EditReport report, List<String> files) {
        this(job, methodName, modelSettings, edit, modelKey, clip, report, files, "");
    }
}
