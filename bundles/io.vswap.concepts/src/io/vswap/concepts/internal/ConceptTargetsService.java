package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.ConceptFileException;
import io.vswap.concepts.api.ConceptPrompt;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.AttentionProcessor;
import io.vswap.diffusion.api.DotProductAttention;
import io.vswap.swap.api.DiffusionModels;
import io.vswap.swap.api.PromptConditioning;
import io.vswap.swap.api.TargetConcepts;

/**
 * The concept library's concepts as swap targets: a token is looked up in the libraries in use,
 * checked (readable, trained on the model, weights as saved) and applied with {@link ConceptPrompt}.
 * One concept per edit: two separately trained ED-LoRAs on the same layers would each change the
 * other's outputs, which is what fusing them (Mix-of-Show §3.3) is for.
 */
@Component(service = TargetConcepts.class)
public final class ConceptTargetsService implements TargetConcepts {

    @Reference
    private ConceptStore store;

    public ConceptTargetsService() {
    }

    /** For use outside DS (tests, tools). */
    public ConceptTargetsService(ConceptStore store) {
        this.store = store;
    }

    @Override
    public List<UsedConcept> check(List<String> tokens, Path modelFolder) throws IOException {
        List<UsedConcept> out = new ArrayList<>();
        for (StoredConcept c : find(tokens, modelFolder)) {
            out.add(used(c));
        }
        return out;
    }

    @Override
    public List<Choice> choices(Path modelFolder) throws IOException {
        BaseModelId model = modelFolder == null ? null : BaseModelId.of(modelFolder);
        List<Choice> out = new ArrayList<>();
        for (StoredConcept c : store.all()) {
            if (c.concept().isEmpty() || c.require().isFusedSet()) {
                // a damaged folder has no token to offer (the Concept Library view lists it with why); a fused
                // set is drawn through its members' tokens, not swapped for
                continue;
            }
            var concept = c.require();
            Optional<Path> thumbnail = concept.thumbnailFile().map(c::file).filter(java.nio.file.Files::isRegularFile);
            out.add(new Choice(concept.token(), concept.name(), concept.classWord(), thumbnail,
                    model == null ? Optional.empty() : c.incompatibility(model)));
        }
        out.sort(java.util.Comparator.comparing(Choice::name, String.CASE_INSENSITIVE_ORDER));
        return out;
    }

    private List<StoredConcept> find(List<String> tokens, Path modelFolder) throws IOException {
        if (tokens.size() > 1) {
            throw new IllegalArgumentException("the target names " + tokens.size() + " concepts (" + String.join(", ",
                    tokens) + "); an edit uses one concept: swap for one of them");
        }
        BaseModelId model = modelFolder == null ? null : BaseModelId.of(modelFolder);
        List<StoredConcept> found = new ArrayList<>();
        for (String token : tokens) {
            Optional<StoredConcept> c = store.byToken(token);
            if (c.isEmpty()) {
                throw new IllegalArgumentException("no concept " + token + " is in the concept libraries in use ("
                        + store.libraries().stream().map(l -> l.folder().toString()).collect(Collectors.joining(", "))
                        + "); " + known() + "check the spelling, train the concept or import it");
            }
            StoredConcept s = c.get();
            if (s.concept().map(x -> x.isFusedSet()).orElse(false)) {
                throw new IllegalArgumentException(token + " is a fused set (" + String.join(", ", s.require().members()
                        .stream().map(m -> m.token()).toList()) + "): swap for one of its members' tokens");
            }
            Optional<String> why = model == null ? s.problem() : s.incompatibility(model);
            if (why.isPresent()) {
                throw new IllegalArgumentException("the concept " + token + " cannot be used: " + why.get());
            }
            try {
                store.verify(s);
            } catch (ConceptFileException e) {
                throw new IllegalArgumentException("the concept " + token + " cannot be used: " + e.getMessage(), e);
            }
            found.add(s);
        }
        return found;
    }

    /** "the libraries hold <a>, <b>; " or nothing where they hold none. */
    private String known() throws IOException {
        List<String> tokens = store.all().stream().flatMap(c -> c.concept().stream()).map(c -> c.token()).sorted()
                .toList();
        return tokens.isEmpty() ? "they hold no concepts; "
                : "they hold " + String.join(", ", tokens.subList(0, Math.min(10, tokens.size())))
                        + (tokens.size() > 10 ? " and " + (tokens.size() - 10) + " more" : "") + "; ";
    }

    private static UsedConcept used(StoredConcept c) {
        var concept = c.require();
        return new UsedConcept(concept.token(), concept.name(), c.library().name(), concept.weights().sha256());
    }

    @Override
    public PromptConditioning apply(DiffusionModels models, List<String> tokens, NDManager manager) throws IOException {
        StoredConcept c = find(tokens, null).get(0);
        ConceptPrompt prompt;
        try {
            prompt = ConceptPrompt.load(models.model(), store, c, DotProductAttention.DEFAULT, manager);
        } catch (ConceptFileException e) {
            throw new IllegalArgumentException("the concept " + tokens.get(0) + " does not fit this model: "
                    + e.getMessage(), e);
        }
        return new Conditioning(models, prompt, List.of(used(c)));
    }

    /** A concept on the model: its layer-wise states, and its layer processors around whatever an edit installs. */
    private record Conditioning(DiffusionModels models, ConceptPrompt prompt, List<UsedConcept> concepts)
            implements PromptConditioning {

        @Override
        public NDArray encode(String text, NDManager manager) {
            return prompt.encode(manager, List.of(text));
        }

        @Override
        public int[] wordPositions(String text, String word) {
            return prompt.wordPositions(text, word);
        }

        @Override
        public int keyTokens() {
            return models.tokenizer().maxLength();
        }

        @Override
        public void install(AttentionProcessor processor) {
            models.unet().setAttentionProcessor(processor);
            for (int i = 0; i < prompt.layers().size(); i++) {
                models.unet().setAttentionProcessor(prompt.layers().get(i), prompt.processor(i, processor));
            }
        }

        @Override
        public void close() {
            prompt.close();
            models.unet().setAttentionProcessor(DotProductAttention.DEFAULT);
        }
    }
}
