package io.vswap.eval.study.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.vswap.eval.study.api.Blinding.Presentation;

/**
 * A blind A/B preference study (the VideoSwap paper's human evaluation): pairs of renders of the
 * same clip, questions about them, and the seed every rater's order and sides are drawn from.
 * {@link Studies} is its one JSON mapping.
 *
 * @param id identifies the study in answers files (an answers file of another study is refused)
 * @param title shown to raters
 * @param seed what the blinding draws from ({@link Blinding})
 * @param reference the variant the results compare the others with ("Ours" in the paper's table);
 *        empty: the variant in the most pairs (on a tie, the one the pairs name first)
 * @param criteria the questions, in the order they are asked
 * @param pairs the pairs, in the study's order (not the order any rater sees)
 * @param raters the presentations drawn when the study was made, for the raters named then (a rater
 *        named later gets one drawn by the same rule)
 */
public record Study(String id, String title, long seed, String reference, List<Criterion> criteria,
        List<StudyPair> pairs, List<Presentation> raters) {

    public Study {
        criteria = List.copyOf(criteria);
        pairs = List.copyOf(pairs);
        raters = List.copyOf(raters);
        reference = reference == null ? "" : reference;
        if (criteria.isEmpty() || pairs.isEmpty()) {
            throw new IllegalArgumentException("a study needs at least one question and one pair");
        }
        requireUnique(criteria, Criterion::id, "question");
        requireUnique(pairs, StudyPair::id, "pair");
        if (seed < 0 || seed > (1L << 53)) {
            throw new IllegalArgumentException("a study's seed is 0 to 2^53, not " + seed); // exact in JavaScript
        }
        String named = reference;
        if (!named.isEmpty() && pairs.stream().noneMatch(p -> p.a().variant().equals(named)
                || p.b().variant().equals(named))) {
            throw new IllegalArgumentException("the reference variant \"" + reference + "\" is in no pair");
        }
    }

    /**
     * A new study; its id is a hash of what it asks, so that making it again from the same inputs
     * gives the same study (and the answers already given stay valid).
     */
    public static Study create(String title, long seed, String reference, List<Criterion> criteria,
            List<StudyPair> pairs, List<String> raterNames) {
        List<String> ids = pairs.stream().map(StudyPair::id).toList();
        List<Presentation> drawn = raterNames.stream().distinct().map(r -> Blinding.draw(seed, r, ids)).toList();
        StringBuilder key = new StringBuilder(title + "\n" + seed + "\n" + reference + "\n");
        criteria.forEach(c -> key.append(c).append('\n'));
        pairs.forEach(p -> key.append(p.id()).append('|').append(p.clip()).append('|').append(p.a().variant())
                .append('|').append(p.a().video().getFileName()).append('|').append(p.b().variant()).append('|')
                .append(p.b().video().getFileName()).append('\n'));
        return new Study("study-" + hash(key.toString()), title, seed, reference, criteria, pairs, drawn);
    }

    /** 16 hex digits of the text's SHA-256 (study ids, the web page's video names). */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    public Optional<StudyPair> pair(String pairId) {
        return pairs.stream().filter(p -> p.id().equals(pairId)).findFirst();
    }

    public Optional<Criterion> criterion(String criterionId) {
        return criteria.stream().filter(c -> c.id().equals(criterionId)).findFirst();
    }

    /** What {@code rater} sees: the presentation recorded for them, else the one the rule draws. */
    public Presentation presentationFor(String rater) {
        return raters.stream().filter(p -> p.rater().equals(rater)).findFirst()
                .orElseGet(() -> Blinding.draw(seed, rater, pairs.stream().map(StudyPair::id).toList()));
    }

    /** The variant the results compare the others with: {@link #reference()}, else the one in most pairs. */
    public String referenceVariant() {
        if (!reference.isEmpty()) {
            return reference;
        }
        // in the order the pairs first name them: on a tie, the first named (max keeps the first of equals)
        Map<String, Long> counts = pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.a().variant(),
                p.b().variant())).collect(Collectors.groupingBy(Function.identity(), java.util.LinkedHashMap::new,
                        Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Every variant, in the order the pairs first name them. */
    public Set<String> variants() {
        Set<String> v = new LinkedHashSet<>();
        pairs.forEach(p -> {
            v.add(p.a().variant());
            v.add(p.b().variant());
        });
        return v;
    }

    private static <T> void requireUnique(List<T> items, Function<T, String> id, String what) {
        Set<String> seen = new HashSet<>();
        for (T t : items) {
            if (!seen.add(id.apply(t))) {
                throw new IllegalArgumentException("two " + what + "s have the id \"" + id.apply(t) + "\"");
            }
        }
    }
}
