package io.vswap.concepts.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customized concept (ED-LoRA, Mix-of-Show): what {@code concept.json} says of it. Its files (the
 * reference images, the thumbnail, the weights) are paths inside the concept's folder.
 *
 * @param name what people call it ("Red hexagon"); renaming changes only this
 * @param token what a prompt writes for it ({@code <hexagon1>}): unique across the libraries in use
 * @param classWord the kind of thing it is ({@code hexagon}), the word its captions pair the token with
 * @param description free text
 * @param tags for search
 * @param created when it was made (ISO-8601)
 * @param baseModel the base model it was trained on (a concept works with that model only)
 * @param images the reference images, relative to the folder ({@code images/01.png})
 * @param thumbnail the gallery's picture, relative to the folder; empty when none
 * @param weights the weights file and its checksum
 * @param training how it was trained: settings and figures (steps, final loss, minutes), the loss curve's file
 * @param fusedTokens for a fused set (Mix-of-Show gradient fusion): the tokens of the concepts it holds; else empty
 * @param members for a fused set: the concepts it was fused from, in the order of {@code fusedTokens}; else empty
 */
public record Concept(String name, String token, String classWord, String description, List<String> tags,
        String created, BaseModelId baseModel, List<String> images, String thumbnail, Weights weights,
        Training training, List<String> fusedTokens, List<Member> members) {

    /**
     * A concept a fused set was made from, as it was then: a prompt writes its token to draw it with the set.
     *
     * @param token its token
     * @param name its name
     * @param weightsSha256 its weights' checksum when it was fused (which training of it the set holds)
     */
    public record Member(String token, String name, String weightsSha256) {
        public Member {
            requireToken(token);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a fused set's member needs a name");
            }
            if (weightsSha256 == null || !weightsSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a member's weights checksum is 64 hex digits, not \""
                        + weightsSha256 + "\"");
            }
        }
    }

    /** A single concept, or a fused set known by its tokens only (as format version 1 could say). */
    public Concept(String name, String token, String classWord, String description, List<String> tags,
            String created, BaseModelId baseModel, List<String> images, String thumbnail, Weights weights,
            Training training, List<String> fusedTokens) {
        this(name, token, classWord, description, tags, created, baseModel, images, thumbnail, weights, training,
                fusedTokens, List.of());
    }

    /** A token: {@code <}, a lower-case letter, then up to 30 lower-case letters, digits, dashes or underscores, {@code >}. */
    public static final String TOKEN_PATTERN = "<[a-z][a-z0-9_-]{0,30}>";

    /**
     * @param file the safetensors file, relative to the folder
     * @param sha256 its SHA-256 (hex), checked on import and before use
     * @param bytes its size
     */
    public record Weights(String file, String sha256, long bytes) {
        public Weights {
            ConceptPaths.requireInside(file, "weights file");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a weights checksum is 64 hex digits, not \"" + sha256 + "\"");
            }
        }
    }

    /**
     * @param settings the training settings by name, as text (steps, learning rates, rank, …)
     * @param figures what was measured by name (final loss, minutes, steps done)
     * @param lossCurve the loss curve's CSV file, relative to the folder; empty when none
     */
    public record Training(Map<String, String> settings, Map<String, Double> figures, String lossCurve) {
        public Training {
            settings = Map.copyOf(settings);
            figures = Map.copyOf(figures);
            lossCurve = lossCurve == null ? "" : lossCurve;
            if (!lossCurve.isEmpty()) {
                ConceptPaths.requireInside(lossCurve, "loss curve");
            }
        }

        public static Training none() {
            return new Training(Map.of(), Map.of(), "");
        }
    }

    public Concept {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a concept's name is 1 to 100 characters, not \"" + name + "\"");
        }
        requireToken(token);
        if (classWord == null || !classWord.matches("[\\p{L}][\\p{L}\\p{N} -]{0,39}")) {
            throw new IllegalArgumentException("a concept's class word is a word such as \"hexagon\" or \"dog\", not \""
                    + classWord + "\"");
        }
        description = description == null ? "" : description;
        tags = List.copyOf(tags);
        created = created == null ? "" : created;
        images = List.copyOf(images);
        images.forEach(i -> ConceptPaths.requireInside(i, "reference image"));
        thumbnail = thumbnail == null ? "" : thumbnail;
        if (!thumbnail.isEmpty()) {
            ConceptPaths.requireInside(thumbnail, "thumbnail");
        }
        members = List.copyOf(members);
        if (fusedTokens.isEmpty() && !members.isEmpty()) {
            fusedTokens = members.stream().map(Member::token).toList();
        }
        fusedTokens = List.copyOf(fusedTokens);
        fusedTokens.forEach(Concept::requireToken);
        if (!members.isEmpty() && !fusedTokens.equals(members.stream().map(Member::token).toList())) {
            throw new IllegalArgumentException("a fused set's tokens " + fusedTokens + " are not its members' "
                    + members.stream().map(Member::token).toList());
        }
        if (fusedTokens.contains(token)) {
            throw new IllegalArgumentException("a fused set's own token " + token + " is one of its members' tokens: "
                    + "give the set a token of its own");
        }
    }

    /** Whether this is a fused set of concepts rather than a single concept. */
    public boolean isFusedSet() {
        return !fusedTokens.isEmpty();
    }

    /** @throws IllegalArgumentException saying what a token looks like */
    public static void requireToken(String token) {
        if (token == null || !token.matches(TOKEN_PATTERN)) {
            throw new IllegalArgumentException("a concept's token is written like <hexagon1>: \"<\", a lower-case "
                    + "letter, then up to 30 lower-case letters, digits, \"-\" or \"_\", and \">\"; not \"" + token + "\"");
        }
    }

    public Concept withName(String newName) {
        return new Concept(newName, token, classWord, description, tags, created, baseModel, images, thumbnail, weights,
                training, fusedTokens, members);
    }

    public Concept withToken(String newToken) {
        return new Concept(name, newToken, classWord, description, tags, created, baseModel, images, thumbnail, weights,
                training, fusedTokens, members);
    }

    public Concept withWeights(Weights w) {
        return new Concept(name, token, classWord, description, tags, created, baseModel, images, thumbnail, w,
                training, fusedTokens, members);
    }

    /** Whether {@code text} (any case) is in its name, token, class word, description or a tag. */
    public boolean matches(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        return t.isEmpty() || java.util.stream.Stream.concat(java.util.stream.Stream.of(name, token, classWord,
                description), tags.stream()).anyMatch(s -> s.toLowerCase(java.util.Locale.ROOT).contains(t));
    }

    public Optional<String> thumbnailFile() {
        return thumbnail.isEmpty() ? Optional.empty() : Optional.of(thumbnail);
    }
}
