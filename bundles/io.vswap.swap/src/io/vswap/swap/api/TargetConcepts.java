package io.vswap.swap.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDManager;

/**
 * Concepts of the concept library as swap targets (a DS service, offered by the concept library
 * when it is installed): a target such as {@code <hexagon1>} names a concept learnt from a few
 * images; the edit applies it to the model through a {@link PromptConditioning}.
 */
public interface TargetConcepts {

    /** What a prompt writes for a concept: a word in angle brackets. */
    Pattern TOKEN = Pattern.compile("<[^<>\\s]+>");

    /** The concept tokens {@code text} names, each once, in order. */
    static List<String> tokensIn(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group());
        }
        return List.copyOf(out);
    }

    /**
     * A concept an edit used, as its render record names it.
     *
     * @param token what the prompt wrote
     * @param name what people call it
     * @param library the library's name or folder
     * @param weightsSha256 its weights file's checksum
     */
    record UsedConcept(String token, String name, String library, String weightsSha256) {
    }

    /**
     * A concept a target chooser offers.
     *
     * @param token what the target writes
     * @param name what people call it
     * @param classWord the kind of thing it is
     * @param thumbnail its picture, where it has one
     * @param unusable why it cannot be used with the model in use (another base model, damaged); empty when it can
     */
    record Choice(String token, String name, String classWord, Optional<Path> thumbnail, Optional<String> unusable) {
    }

    /**
     * Every concept of the libraries in use, by name, each with why it cannot be used with the
     * model in {@code modelFolder} (null: not judged against a model). May read the model's files:
     * call it off the UI thread.
     */
    List<Choice> choices(Path modelFolder) throws IOException;

    /**
     * Finds each token's concept in the libraries in use and checks that it can be used with the
     * model in {@code modelFolder} (trained on it, weights as saved), before any work.
     *
     * @throws IllegalArgumentException saying in words which token is not found or not usable, and why
     */
    List<UsedConcept> check(List<String> tokens, Path modelFolder) throws IOException;

    /**
     * Applies the tokens' concepts to the loaded model until the returned conditioning is closed.
     *
     * @throws IllegalArgumentException when a token names no usable concept or its weights do not fit the model
     */
    PromptConditioning apply(DiffusionModels models, List<String> tokens, NDManager manager) throws IOException;
}
