package io.vswap.batch.internal.jobs;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.ClipTarget;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.video.api.Clip;
import io.vswap.video.api.ClipFrames;
import io.vswap.video.api.ContactSheet;
import io.vswap.video.api.EncodeSettings;
import io.vswap.video.api.Project;
import io.vswap.video.api.ProjectStore;
import io.vswap.video.api.RenderSet;
import io.vswap.video.api.Shot;
import io.vswap.video.api.SourceAudio;
import io.vswap.video.api.VideoCodec.AudioCarried;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoFormat;

/**
 * {@code "export"}: a prepared clip as an H.264 MP4 deliverable in the project's
 * {@code renders/}, with a contact sheet (PNG, every frame in a grid) to glance at.
 */
@Component(service = BatchJobType.class)
public final class ExportJobType implements BatchJobType {

    @Reference
    private ProjectStore store;

    @Reference
    private VideoCodecRegistry codecs;

    @Override
    public String type() {
        return "export";
    }

    private static final JobField OUTPUT = JobField.optional("output", JobField.Kind.PATH, "renders/<shot>-<clip>.mp4",
            "the MP4 to write");
    private static final JobField AUDIO = JobField.flag("audio", true,
            "carry the source's audio for the clip's time range (when the source has some)");
    private static final List<JobField> FIELDS = java.util.stream.Stream
            .concat(ClipTarget.fields("the clip to export").stream(), java.util.stream.Stream.of(OUTPUT, AUDIO))
            .toList();

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public String description() {
        return "write a clip as H.264 MP4 with the source's audio (and a PNG contact sheet) into the project's renders/";
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        ClipTarget target = ClipTarget.read(spec);
        Optional<Path> output = OUTPUT.optPath(spec);
        boolean withAudio = AUDIO.bool(spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "export " + target.describe();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                SubMonitor sub = SubMonitor.convert(monitor, "Exporting " + target.shot(), 100);
                ClipTarget.Found found = target.find(store);
                Project p = found.project();
                Shot s = found.shot();
                Clip c = found.clip();
                Path mp4 = output.orElse(p.rendersFolder().resolve(found.stem() + ".mp4"));
                double fps = s.probe().frameRate() / c.settings().stride();
                Path sheet = mp4.resolveSibling(stem(mp4) + "-sheet.png");
                int[] written = new int[1];
                AudioCarried carried = AudioCarried.NONE;
                // Frames stream from the cache through the encoder and the sheet, one at a time: memory
                // stays flat however long the clip. The video and its sheet are published together; an
                // earlier export stays whole until then.
                try (ClipFrames frames = store.openClipFrames(p, s, c, sub.split(20));
                        RenderSet out = RenderSet.in(mp4.toAbsolutePath().getParent(), p);
                        OutputStream sheetOut = new BufferedOutputStream(
                                Files.newOutputStream(out.stage(sheet.getFileName().toString())))) {
                    ContactSheet.Writer contact = ContactSheet.writer(sheetOut, frames.frameCount(), frames.width(),
                            frames.height(), null);
                    EncodeSettings settings = new EncodeSettings(VideoFormat.H264_MP4, frames.width(),
                            frames.height(), fps);
                    SourceAudio.Pictures pictures = videoOnly -> written[0] = codecs.writeVideo(videoOnly, settings,
                            () -> contact.add(frames.next()), frames.frameCount(), sub.split(75));
                    Path staged = out.stage(mp4.getFileName().toString());
                    if (withAudio) {
                        carried = SourceAudio.of(codecs, s, c.settings()).writeVideo(codecs, staged,
                                VideoFormat.H264_MP4, pictures);
                    } else {
                        pictures.writeTo(staged);
                    }
                    contact.finish();
                    sheetOut.close(); // complete on disk before it is published
                    if (sub.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    out.publish();
                }
                sub.worked(5);
                return String.format(Locale.ROOT, "%d frames → %s (and %s)%s%s", written[0], mp4, sheet.getFileName(),
                        audioNote(carried, withAudio),
                        s.probe().variableFrameRate() ? String.format(Locale.ROOT,
                                "; the variable-rate source is written at a constant %.3f fps", fps) : "");
            }
        };
    }

    private static String audioNote(AudioCarried carried, boolean asked) {
        return switch (carried) {
            case COPIED -> "; the source's audio copied";
            case ENCODED_AAC -> "; the source's audio encoded to AAC";
            case UNSUPPORTED -> "; no audio: the installed codec cannot carry it";
            case NONE -> asked ? "" : "; audio left out (audio=false)";
        };
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
