package io.vswap.swap.api;

import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A video editing method (VideoSwap, COVE, Tune-A-Video, …) as the workbench and the batch runner
 * use it: a DS service, so that a studio adds a method by installing a bundle. The caller lists
 * the methods, shows {@link #settings()} generically, and runs an edit as a long job.
 */
public interface EditMethod {

    /** Stable key for batch specs and saved edits, e.g. {@code videoswap}. */
    String id();

    /** Name for menus, e.g. {@code VideoSwap (semantic points)}. */
    String displayName();

    /**
     * What {@link #run} reads of a request besides the frames, the source prompt and the settings;
     * callers ask for and check only these. Default: a swap by word.
     */
    default java.util.Set<EditInput> inputs() {
        return java.util.Set.of(EditInput.SUBJECT_WORD, EditInput.TARGET_WORD);
    }

    /** The settings {@link #run} reads from {@link EditRequest#settings()}, with their defaults. */
    List<EditSetting> settings();

    /**
     * Quality/speed presets an editor picks by name (Draft, Standard, Final), in order from the
     * fastest; the form shows them before the settings. Default: none.
     */
    default List<EditPreset> presets() {
        return List.of();
    }

    /**
     * The work of one {@link #run} (its source side included) on {@code frames} frames with these
     * settings, counted in UNet forward passes over one frame (a backward counts as two): what the
     * workbench multiplies by a pass measured on this machine to say, before a job starts, how
     * long it will take. Empty (this default): the method cannot say.
     *
     * @param settings values by setting name; missing ones take their defaults
     */
    default java.util.OptionalDouble framePasses(java.util.Map<String, ?> settings, int frames) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Runs one edit on a prepared clip. Settings missing from the request take their defaults;
     * unknown ones are refused by name.
     *
     * @param monitor progress and cancellation; may be null
     * @throws org.eclipse.core.runtime.OperationCanceledException when the monitor is cancelled
     *         (checked between units of work: steps, iterations)
     * @throws IllegalArgumentException for a request the method cannot run (unknown setting,
     *         subject word not in the prompt, untracked points)
     */
    EditResult run(EditRequest request, IProgressMonitor monitor) throws Exception;

    /**
     * Runs the source side of an edit ahead of time, without editing: what {@link #run} would
     * compute from the clip, its points and the source prompt alone, kept in the request's
     * {@link EditRequest#cache()} so that later edits of the clip (any target) start from it. The
     * request's target and point edit are not used. A method without such a side (or one that
     * keeps nothing) does nothing: that is this default, which returns an empty report.
     *
     * @param monitor progress and cancellation; may be null
     * @return what was done: its {@link EditReport#cache()} says which parts were computed or reused
     * @throws org.eclipse.core.runtime.OperationCanceledException when the monitor is cancelled
     * @throws IllegalArgumentException for a request the method cannot prepare (as {@link #run})
     */
    default EditReport prepare(EditRequest request, IProgressMonitor monitor) throws Exception {
        return EditReport.empty();
    }
}
