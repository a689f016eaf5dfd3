package io.vswap.ui.internal.wizard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import io.vswap.ui.internal.jobs.ProbeSourceJob;
import io.vswap.ui.internal.jobs.SourcePreview;
import io.vswap.video.api.VideoCodecRegistry;
import io.vswap.video.api.VideoProbe;

/** First page: the video file, its probe data and its first frame. Probing runs as a job. */
public class SourcePage extends WizardPage {

    /** Typing a path probes it after this pause, not on every key. */
    private static final long PROBE_DELAY_MS = 250;

    private final VideoCodecRegistry codecs;
    private Text fileText;
    private Label size, frameRate, frames, duration, codec, pixelFormat, rotation, audio, readBy;
    private FramePreview thumbnail;
    private volatile ProbeSourceJob probeJob;
    private SourcePreview preview;

    SourcePage(VideoCodecRegistry codecs) {
        super("source", "Video", null);
        this.codecs = codecs;
        setDescription("Choose the video to import as a shot.");
        setPageComplete(false);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(page);

        new Label(page, SWT.NONE).setText("Video &file:");
        fileText = new Text(page, SWT.BORDER | SWT.SINGLE);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(fileText);
        fileText.addModifyListener(e -> sourceChanged());
        Button browse = new Button(page, SWT.PUSH);
        browse.setText("&Browse…");
        browse.addListener(SWT.Selection, e -> browse());

        Group info = new Group(page, SWT.NONE);
        info.setText("Source");
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(info);
        GridDataFactory.fillDefaults().span(1, 1).grab(false, true).applyTo(info);
        size = row(info, "Size:");
        frameRate = row(info, "Frame rate:");
        frames = row(info, "Frames:");
        duration = row(info, "Duration:");
        codec = row(info, "Codec:");
        pixelFormat = row(info, "Pixel format:");
        rotation = row(info, "Rotation:");
        audio = row(info, "Audio:");
        readBy = row(info, "Read by:");

        thumbnail = new FramePreview(page);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(320, 200).applyTo(thumbnail.control());

        setControl(page);
    }

    private static Label row(Composite parent, String name) {
        new Label(parent, SWT.NONE).setText(name);
        Label value = new Label(parent, SWT.NONE);
        value.setText("—");
        GridDataFactory.fillDefaults().grab(true, false).hint(170, SWT.DEFAULT).applyTo(value);
        return value;
    }

    private void browse() {
        FileDialog dialog = new FileDialog(getShell(), SWT.OPEN);
        dialog.setText("Import Video");
        dialog.setFilterExtensions(new String[] { "*.mp4;*.mov;*.mkv;*.avi;*.webm", "*" });
        dialog.setFilterNames(new String[] { "Videos", "All files" });
        String chosen = dialog.open();
        if (chosen != null) {
            fileText.setText(chosen);
        }
    }

    private void sourceChanged() {
        ProbeSourceJob previous = probeJob;
        if (previous != null) {
            previous.cancel();
        }
        showPreview(null);
        String text = fileText.getText().trim();
        if (text.isEmpty()) {
            setErrorMessage(null);
            setMessage("Choose the video to import as a shot.");
            return;
        }
        Path path = Path.of(text);
        if (!Files.isRegularFile(path)) {
            setErrorMessage("No file " + path + ".");
            return;
        }
        setErrorMessage(null);
        setMessage("Reading " + path.getFileName() + "…");
        ProbeSourceJob job = new ProbeSourceJob(codecs, path);
        probeJob = job;
        job.addJobChangeListener(new JobChangeAdapter() {
            @Override
            public void done(IJobChangeEvent event) {
                if (getControl() == null || getControl().isDisposed()) {
                    return;
                }
                getControl().getDisplay().asyncExec(() -> probed(job, event.getResult()));
            }
        });
        job.schedule(PROBE_DELAY_MS);
    }

    private void probed(ProbeSourceJob job, IStatus result) {
        if (job != probeJob || getControl().isDisposed() || result.getSeverity() == IStatus.CANCEL) {
            return; // superseded by a later path
        }
        if (!result.isOK()) {
            setMessage(null);
            setErrorMessage(result.getMessage());
            return;
        }
        showPreview(job.preview());
        VideoProbe probe = job.preview().probe();
        if (probe.warnings().isEmpty()) {
            setMessage("Choose the clip on the next page.");
        } else {
            // a file cut short or a header that lies: imported as it really is, and the user told so
            setMessage(String.join(" ", probe.warnings()), WARNING);
        }
    }

    private void showPreview(SourcePreview p) {
        preview = p;
        VideoProbe probe = p == null ? null : p.probe();
        size.setText(probe == null ? "—" : probe.width() + " × " + probe.height());
        frameRate.setText(probe == null ? "—"
                : String.format(Locale.ROOT, probe.variableFrameRate() ? "variable, mean %.3f fps" : "%.3f fps",
                        probe.frameRate()));
        frames.setText(probe == null ? "—" : Integer.toString(probe.frameCount()));
        duration.setText(probe == null ? "—" : String.format(Locale.ROOT, "%.2f s", probe.durationSeconds()));
        codec.setText(probe == null ? "—" : probe.codec());
        pixelFormat.setText(probe == null ? "—" : probe.pixelFormat());
        rotation.setText(probe == null ? "—" : probe.rotationDegrees() + "°");
        audio.setText(probe == null ? "—" : probe.audio().isEmpty() ? "none"
                : probe.audio().get(0).format() + (probe.audio().size() > 1 ? " (+" + (probe.audio().size() - 1) + ")" : ""));
        audio.setToolTipText(probe == null ? null
                : String.join("\n", probe.audio().stream().map(a -> a.summary()).toList()));
        readBy.setText(p == null ? "—" : p.codecName());
        thumbnail.setFrame(p == null ? null : p.firstFrame());
        setPageComplete(p != null);
    }

    /** The probed source, or {@code null}. */
    public SourcePreview preview() {
        return preview;
    }

    public Text fileText() {
        return fileText;
    }

    /** The text of the probe field called {@code name} ("size", "frames", …), for tests and screenshots. */
    public String probeText(String name) {
        return switch (name) {
            case "size" -> size.getText();
            case "frameRate" -> frameRate.getText();
            case "frames" -> frames.getText();
            case "duration" -> duration.getText();
            case "codec" -> codec.getText();
            case "pixelFormat" -> pixelFormat.getText();
            case "rotation" -> rotation.getText();
            case "audio" -> audio.getText();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
