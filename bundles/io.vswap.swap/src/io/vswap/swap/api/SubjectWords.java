package io.vswap.swap.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for a subject word in a prompt: a whole-word, case-insensitive match (letters and
 * digits of any script end a word), as the batch spec checks it and an edit replaces it.
 */
public final class SubjectWords {

    private SubjectWords() {
    }

    /** True when {@code word} occurs in {@code prompt} as a whole word. */
    public static boolean contains(String prompt, String word) {
        return pattern(word).matcher(prompt).find();
    }

    /** {@code prompt} with every whole-word occurrence of {@code word} replaced by {@code replacement}. */
    public static String replace(String prompt, String word, String replacement) {
        return pattern(word).matcher(prompt).replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static Pattern pattern(String word) {
        return Pattern.compile("(?i)(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])");
    }
}
