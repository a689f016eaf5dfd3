package io.vswap.swap.api;

/**
 * What an {@link EditMethod} reads of an {@link EditRequest}, declared by the method
 * ({@link EditMethod#inputs()}), so that the workbench and the batch spec ask for and check only
 * those: a point-free method needs no tracked point set.
 */
public enum EditInput {
    /** the clip's tracked semantic points */
    POINTS,
    /** points removed or dragged for this edit */
    POINT_EDIT,
    /** the subject's word in the source prompt */
    SUBJECT_WORD,
    /** the word or concept token that replaces the subject */
    TARGET_WORD,
    /** the whole prompt after the edit (COVE, Tune-A-Video edit by prompt) */
    TARGET_PROMPT,
    /** edited keyframe images to propagate (MagicProp) */
    KEYFRAME_IMAGES,
    /** concept tokens learned from reference images (the concept library) as the target; a method without it swaps for words */
    CONCEPTS
}
