package io.vswap.eval.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.eval.api.Evaluation;
import io.vswap.eval.api.EvaluationInput;
import io.vswap.eval.api.Evaluator;
import io.vswap.eval.api.Measurement;
import io.vswap.eval.api.Metric;
import io.vswap.points.api.PointSet;
import io.vswap.points.api.PointSetFormatException;
import io.vswap.points.api.PointSetStore;
import io.vswap.swap.api.SubjectWords;
import io.vswap.swap.api.SwapRender;
import io.vswap.swap.api.SwapRenders;
import io.vswap.video.api.Clip;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectFormatException;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RgbFrame;
import io.vswap.video.api.Shot;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoException;

/** The {@link Evaluator}: swap renders read with their project, every installed metric run. */
@Component(service = Evaluator.class)
public final class RenderEvaluator implements Evaluator {

    /** Where a model folder keeps a CLIP of its own, for CLIP-T/F/I on its renders. */
    static final String MODEL_CLIP = "clip";

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Reference
    private PointSetStore pointSets;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Metric> installed;

    @Override
    public List<Metric> metrics() {
        List<Metric> all = new ArrayList<>(installed == null ? List.of() : installed);
        all.sort(Comparator.comparing(Metric::id));
        return all;
    }

    @Override
    public EvaluationInput loadRender(Path record, Optional<Path> userMask, IProgressMonitor monitor)
            throws IOException, VideoException {
        SubMonitor sub = SubMonitor.convert(monitor, "Reading " + record.getFileName(), 10);
        SwapRender r;
        try {
            r = SwapRenders.read(record);
        } catch (NoSuchFileException e) {
            throw new IOException("there is no render record " + record, e);
        }
        String label = record.getFileName().toString().replaceFirst("\\.json$", "");
        List<RgbFrame> result = readVideo(record.resolveSibling(r.files().get(0)), label);
        sub.worked(4);
        // renders/<stem>.json lies in its project's folder: the project is found there, wherever it moved
        Path projectFolder = record.toAbsolutePath().getParent().getParent();
        Project p;
        try {
            p = store.open(projectFolder);
        } catch (ProjectFormatException e) {
            throw new IOException("the render's project " + projectFolder + " cannot be read: " + e.getMessage(), e);
        }
        Shot shot = p.shot(r.clip().shot()).orElseThrow(() -> new IOException("the project " + projectFolder
                + " has no shot \"" + r.clip().shotName() + "\" (" + r.clip().shot() + "), which the render was made from"));
        Clip clip = shot.clip(r.clip().clip()).orElseThrow(() -> new IOException("shot \"" + shot.name()
                + "\" has no clip \"" + r.clip().clip() + "\" any more, which the render was made from"));
        List<RgbFrame> source = List.of();
        String sourceMissing = null;
        try {
            source = store.readClipFrames(p, shot, clip, sub.split(4));
        } catch (VideoException | IOException e) {
            // what needs only the result (flicker, CLIP) is still measured; the rest says why not
            sourceMissing = "the source clip could not be read (" + e.getMessage() + "): the metrics that compare with "
                    + "it are unavailable; relink the shot's video in the project to measure them";
        }
        EvaluationInput in = new EvaluationInput(label, source, result, Optional.empty(), "", Optional.empty(),
                r.edit(), Optional.of(SubjectWords.replace(r.job().prompt(), r.job().subject(), r.job().target())),
                List.of(), Optional.empty(), List.of());
        if (sourceMissing != null) {
            in = in.withNote(sourceMissing);
        }
        if (userMask.isPresent()) {
            in = in.withMasks(MaskFiles.read(userMask.get(), result.size(), codecs), "the mask " + userMask.get());
        } else {
            Optional<String> maskFile = r.masksFile();
            if (maskFile.isPresent()) {
                in = in.withEditMasks(MaskFiles.read(record.resolveSibling(maskFile.get()), result.size(), codecs));
            }
        }
        // the model's own CLIP (the sample model ships a tiny one), unless the caller names another
        Optional<Path> ownClip = r.job().model().map(m -> m.resolve(MODEL_CLIP))
                .filter(c -> Files.isRegularFile(c.resolve("config.json")));
        if (ownClip.isPresent()) {
            in = in.withModelFolder(ownClip.get());
        }
        if (r.job().points().isPresent()) {
            Optional<PointSet> set;
            try {
                set = pointSets.load(p, shot, r.job().points().get());
            } catch (PointSetFormatException e) {
                throw new IOException("the point set \"" + r.job().points().get() + "\" the render used cannot be read ("
                        + e.getMessage() + "); fix or track it again to evaluate the render's motion", e);
            }
            if (set.isPresent() && set.get().frameCount() == result.size()) {
                in = in.withPoints(set.get(), r.edit());
            } else if (set.isPresent()) {
                in = in.withNote("the point set \"" + r.job().points().get() + "\" now covers " + set.get().frameCount()
                        + " frames and the render " + result.size() + ": its motion is not compared");
            }
        }
        sub.worked(2);
        return in;
    }

    private List<RgbFrame> readVideo(Path file, String label) throws IOException, VideoException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the render \"" + label + "\" lacks its video " + file + "; make the render again");
        }
        return codecs.readVideo(file, null);
    }

    @Override
    public Evaluation evaluate(EvaluationInput input, Set<String> only, IProgressMonitor monitor) {
        List<Metric> metrics = metrics();
        for (String id : only) {
            if (metrics.stream().noneMatch(m -> m.id().equals(id))) {
                throw new IllegalArgumentException("no metric \"" + id + "\" is installed; the metrics are: "
                        + String.join(", ", metrics.stream().map(Metric::id).toList()));
            }
        }
        List<Metric> chosen = metrics.stream().filter(m -> only.isEmpty() || only.contains(m.id())).toList();
        SubMonitor sub = SubMonitor.convert(monitor, "Evaluating " + input.label(), chosen.size());
        List<Measurement> out = new ArrayList<>();
        for (Metric m : chosen) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            sub.subTask(m.label());
            Optional<String> why = m.unavailable(input);
            if (why.isPresent()) {
                out.add(Measurement.unavailable(m, why.get()));
                sub.worked(1);
            } else {
                out.add(Measurement.of(m, m.measure(input, sub.split(1))));
            }
        }
        return new Evaluation(input.label(), input.frameCount(), input.maskOrigin(), input.notes(), out);
    }

    @Override
    public void writeReport(List<Evaluation> evaluations, Path folder) throws IOException {
        EvaluationReport.write(evaluations, folder);
    }
}
