package io.vswap.eval.ui.internal.study;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.ui.part.ViewPart;

import io.vswap.eval.study.api.Choice;
import io.vswap.eval.study.api.Criterion;
import io.vswap.eval.study.api.RaterSession;
import io.vswap.eval.study.api.RaterSession.ShownPair;
import io.vswap.eval.study.api.StudyFileException;
import io.vswap.eval.study.api.StudyFolder;
import io.vswap.eval.ui.internal.study.PairVideosJob.PairFrames;
import io.vswap.ui.api.ClipCanvas;
import io.vswap.ui.api.DoneOnUiThread;
import io.vswap.ui.api.MessageArea;
import io.vswap.ui.api.PlaybackBar;
import io.vswap.ui.api.StudioServices;
import io.vswap.video.api.VideoCodecRegistry;

/**
 * A rater answering a blind preference study in the workbench (Evaluation › Rate a Study…): the
 * pair's two renders side by side (and the source above the questions' order, when the study shows
 * it), playing in step; the study's questions, each answered Left, Right or Can't tell. Every click
 * is saved at once to the rater's answers file ({@link RaterSession}), so closing the view, or a
 * crash, loses nothing already answered; opening the study again under the same name goes on where
 * the rater stopped. Nothing shown names a render's variant or file.
 */
public final class RaterView extends ViewPart {

    private Composite top;
    private Label title;
    private Label where;
    private ProgressBar progress;
    private MessageArea messages;
    private Composite players;
    private ClipCanvas source;
    private ClipCanvas left;
    private ClipCanvas right;
    private PlaybackBar bar;
    private ScrolledComposite questionScroll;
    private Composite questions;
    private final List<QuestionRow> rows = new ArrayList<>();
    private Button previous;
    private Button next;

    private StudyFolder folder;
    private RaterSession session;
    private List<ShownPair> order = List.of();
    private int index;
    private PairVideosJob loading;
    private PairFrames shown;

    /** One question with its three answers (radio buttons of their own group). */
    private record QuestionRow(Criterion criterion, Composite control, Map<Choice, Button> buttons) {
    }

    @Override
    public void createPartControl(Composite parent) {
        top = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(6, 6).spacing(4, 4).applyTo(top);
        title = new Label(top, SWT.NONE);
        title.setFont(JFaceResources.getBannerFont());
        title.setText("No study open");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(title);
        Composite status = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(status);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
        where = new Label(status, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(where);
        progress = new ProgressBar(status, SWT.HORIZONTAL);
        GridDataFactory.swtDefaults().hint(220, SWT.DEFAULT).applyTo(progress);
        messages = new MessageArea(top);
        messages.show(IStatus.INFO, "Choose Evaluation › Rate a Study… and pick the study's folder.");

        players = new Composite(top, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 200).applyTo(players);
        source = canvas("Source", "The source clip");
        left = canvas("Left", "The left video");
        right = canvas("Right", "The right video");
        Composite barRow = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(barRow);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(barRow);
        bar = new PlaybackBar(barRow);
        bar.playButton().setToolTipText("Play the videos together (loops)");
        bar.onFrame(f -> {
            source.setFrame(f);
            left.setFrame(f);
            right.setFrame(f);
        });
        bar.setEnabled(false);
        layoutPlayers(false);

        questionScroll = new ScrolledComposite(top, SWT.V_SCROLL);
        questionScroll.setExpandHorizontal(true);
        questionScroll.setExpandVertical(true);
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 230).applyTo(questionScroll);
        questions = new Composite(questionScroll, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(2, 2).spacing(4, 8).applyTo(questions);
        questionScroll.setContent(questions);
        questionScroll.addListener(SWT.Resize, e -> layoutQuestions());

        Composite buttons = new Composite(top, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).applyTo(buttons);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(buttons);
        previous = new Button(buttons, SWT.PUSH);
        previous.setText("◀ Previous pair");
        previous.setToolTipText("Go back to the pair before (to change an answer)");
        previous.addListener(SWT.Selection, e -> showPair(index - 1));
        Label saved = new Label(buttons, SWT.WRAP);
        saved.setText("Each answer is saved as you click it.");
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.CENTER, SWT.CENTER).applyTo(saved);
        next = new Button(buttons, SWT.PUSH);
        next.setText("Next pair ▶");
        next.setToolTipText("Answer every question to go on");
        next.addListener(SWT.Selection, e -> goOn());
        setNavigation();
    }

    private ClipCanvas canvas(String caption, String empty) {
        ClipCanvas c = new ClipCanvas(players);
        c.setCaption(caption, "");
        c.setEmptyText(empty);
        GridDataFactory.fillDefaults().grab(true, true).hint(160, 120).applyTo(c.canvas());
        return c;
    }

    /** The source beside the two renders only when the study shows it. */
    private void layoutPlayers(boolean withSource) {
        ((GridData) source.canvas().getLayoutData()).exclude = !withSource;
        source.canvas().setVisible(withSource);
        GridLayoutFactory.fillDefaults().numColumns(withSource ? 3 : 2).equalWidth(true).spacing(4, 0)
                .applyTo(players);
        players.requestLayout();
    }

    private void layoutQuestions() {
        int width = questionScroll.getClientArea().width;
        questions.setSize(questions.computeSize(width, SWT.DEFAULT));
        questionScroll.setMinSize(questions.computeSize(width, SWT.DEFAULT));
        questions.layout(true, true);
    }

    /**
     * Opens (or resumes) {@code rater}'s session of the study in {@code folder}, at the first pair
     * with a question unanswered (the last pair when all are).
     *
     * @throws StudyFileException when the rater's answers file is damaged (named; it is left as it is)
     */
    public void open(StudyFolder folder, String rater) throws StudyFileException {
        RaterSession s = RaterSession.open(folder, rater);
        this.folder = folder;
        session = s;
        order = s.pairs();
        title.setText(s.study().title());
        title.requestLayout();
        buildQuestions(s.study().criteria());
        Optional<ShownPair> first = s.next();
        int at = first.map(p -> p.position() - 1).orElse(order.size() - 1);
        messages.show(IStatus.INFO, s.progress().answered() == 0 ? "Welcome, " + rater + ". Watch both videos, then "
                + "answer each question; \"Can't tell\" is a fine answer." : "Welcome back, " + rater + ": you had "
                        + "answered " + s.progress().answered() + " of " + order.size() + " pairs.");
        showPair(at);
    }

    private void buildQuestions(List<Criterion> criteria) {
        rows.forEach(r -> r.control().dispose());
        rows.clear();
        for (Criterion c : criteria) {
            Composite row = new Composite(questions, SWT.NONE);
            GridLayoutFactory.fillDefaults().numColumns(4).spacing(10, 2).applyTo(row);
            GridDataFactory.fillDefaults().grab(true, false).applyTo(row);
            Label question = new Label(row, SWT.WRAP);
            question.setText(c.question());
            question.setToolTipText(c.name());
            GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).align(SWT.FILL, SWT.CENTER)
                    .applyTo(question);
            Map<Choice, Button> buttons = new EnumMap<>(Choice.class);
            for (Choice choice : Choice.values()) {
                Button b = new Button(row, SWT.RADIO);
                b.setText(choice.label());
                b.addListener(SWT.Selection, e -> {
                    if (b.getSelection()) {
                        answer(c, choice);
                    }
                });
                buttons.put(choice, b);
            }
            rows.add(new QuestionRow(c, row, buttons));
        }
        layoutQuestions();
    }

    /** Shows pair {@code i} of this rater's order: its answers so far, and its videos (loaded by a job). */
    private void showPair(int i) {
        if (session == null || i < 0 || i >= order.size()) {
            return;
        }
        index = i;
        ShownPair p = order.get(i);
        if (loading != null) {
            loading.cancel();
        }
        shown = null;
        bar.setPlaying(false);
        bar.setEnabled(false);
        for (ClipCanvas c : new ClipCanvas[] { source, left, right }) {
            c.setImages(null);
            c.setEmptyText("Loading…");
        }
        layoutPlayers(p.source().isPresent());
        Map<String, Choice> given = session.sheet().answer(p.pairId()).map(a -> a.choices()).orElse(Map.of());
        for (QuestionRow r : rows) {
            Choice c = given.get(r.criterion().id());
            r.buttons().forEach((choice, b) -> b.setSelection(choice == c));
        }
        setNavigation();
        PairVideosJob j = new PairVideosJob(StudioServices.require(getSite(), VideoCodecRegistry.class), p);
        loading = j;
        j.addJobChangeListener(new DoneOnUiThread(top, event -> {
            if (loading != j) {
                return; // the rater moved on before it finished
            }
            loading = null;
            IStatus s = event.getResult();
            if (s.isOK()) {
                play(j.loaded());
            } else if (s.getSeverity() != IStatus.CANCEL) {
                for (ClipCanvas c : new ClipCanvas[] { source, left, right }) {
                    c.setEmptyText("Cannot play this pair");
                }
                messages.show(IStatus.ERROR, s.getMessage() + " Tell whoever runs the study; you can go on "
                        + "with the other pairs.", s.getException());
            }
        }));
        j.schedule();
    }

    private void play(PairFrames f) {
        shown = f;
        left.setImages(f.left());
        right.setImages(f.right());
        source.setImages(f.source().orElse(null));
        int frames = Math.max(f.left().size(), Math.max(f.right().size(), f.source().map(List::size).orElse(0)));
        bar.setFrames(frames, f.fps());
        bar.setEnabled(true);
        bar.setPlaying(true);
    }

    private void answer(Criterion c, Choice choice) {
        ShownPair p = order.get(index);
        try {
            session.answer(p.pairId(), Map.of(c.id(), choice));
            if (messages.severity() == IStatus.ERROR) {
                messages.show(IStatus.INFO, "Saved.");
            }
        } catch (IOException e) {
            // the file on disk still holds the answers before this one; show the rater what is saved
            Choice saved = session.sheet().answer(p.pairId()).map(a -> a.choices().get(c.id())).orElse(null);
            rows.stream().filter(r -> r.criterion().equals(c)).findFirst()
                    .ifPresent(r -> r.buttons().forEach((x, b) -> b.setSelection(x == saved)));
            messages.show(IStatus.ERROR, "Your answer could not be saved (" + e.getMessage() + "). Your earlier "
                    + "answers are safe; free some disk space or check the folder, then answer again.", e);
        }
        setNavigation();
    }

    /** Next: the following pair; after the last, the first pair still unanswered, or the thanks. */
    private void goOn() {
        if (index < order.size() - 1) {
            showPair(index + 1);
            return;
        }
        Optional<ShownPair> open = session.next();
        if (open.isPresent()) {
            showPair(open.get().position() - 1);
            messages.show(IStatus.WARNING, "Pair " + open.get().position() + " still has a question unanswered.");
        } else {
            showDone();
        }
    }

    private void showDone() {
        messages.show(IStatus.INFO, "All " + order.size() + " pairs answered: thank you. Your answers are saved in "
                + folder.answersFile(session.rater()) + ".");
    }

    private void setNavigation() {
        boolean open = session != null;
        boolean complete = open && !order.isEmpty() && complete(order.get(index));
        previous.setEnabled(open && index > 0);
        next.setEnabled(complete);
        next.setText(open && index == order.size() - 1 ? "Finish ▶" : "Next pair ▶");
        next.requestLayout();
        if (open) {
            RaterSession.Progress p = session.progress();
            where.setText(session.rater() + " · pair " + (index + 1) + " of " + order.size() + " · " + p.answered()
                    + " answered");
            progress.setMaximum(Math.max(1, p.total()));
            progress.setSelection(p.answered());
            where.requestLayout();
            if (p.done() && index == order.size() - 1 && complete) {
                showDone();
            }
        }
    }

    private boolean complete(ShownPair p) {
        Map<String, Choice> given = session.sheet().answer(p.pairId()).map(a -> a.choices()).orElse(Map.of());
        return rows.stream().allMatch(r -> given.containsKey(r.criterion().id()));
    }

    @Override
    public void setFocus() {
        (next.isEnabled() ? next : top).setFocus();
    }

    @Override
    public void dispose() {
        if (loading != null) {
            loading.cancel();
        }
        super.dispose();
    }

    // ---- for tests: the controls a rater uses ----

    public Composite control() {
        return top;
    }

    /** The pair shown, in this rater's order. */
    public ShownPair pairShown() {
        return order.get(index);
    }

    /** The frames playing, once loaded; null while loading. */
    public PairFrames framesShown() {
        return shown;
    }

    public Button answerButton(String criterionId, Choice choice) {
        return rows.stream().filter(r -> r.criterion().id().equals(criterionId)).findFirst().orElseThrow().buttons()
                .get(choice);
    }

    public Button nextButton() {
        return next;
    }

    public Button previousButton() {
        return previous;
    }

    public MessageArea messageArea() {
        return messages;
    }

    public String whereText() {
        return where.getText();
    }
}
