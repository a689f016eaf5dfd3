package io.vswap.concepts.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import ai.djl.ndarray.NDManager;
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.Concept.Training;
import io.vswap.concepts.api.Concept.Weights;
import io.vswap.concepts.api.ConceptFusion;
import io.vswap.concepts.api.ConceptInputException;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.concepts.internal.training.GradientFusion;
import io.vswap.concepts.internal.training.MemberWeights;
import io.vswap.diffusion.api.TensorRuntime;
import io.vswap.diffusion.api.VideoDiffusionModel;
import io.vswap.files.api.AtomicFolder;

/** The {@link ConceptFusion}: gradient fusion on the tensor runtime, the set added through the store. */
@Component(service = ConceptFusion.class)
public final class ConceptFusionService implements ConceptFusion {

    /** The fused set's weights file in its folder. */
    static final String WEIGHTS = "fused.safetensors";
    static final String CLASS_WORD = "fused set";

    @Reference
    private ConceptStore store;

    @Reference
    private TensorRuntime runtime;

    @Override
    public void check(Request r) throws IOException {
        if (r.members().size() < MIN_MEMBERS) {
            throw new ConceptInputException("fusing takes at least " + MIN_MEMBERS + " concepts; " + r.members().size()
                    + " " + (r.members().size() == 1 ? "was" : "were") + " given");
        }
        try {
            Concept.requireToken(r.token());
        } catch (IllegalArgumentException e) {
            throw new ConceptInputException("the set's " + e.getMessage().replace("a concept's ", ""));
        }
        if (r.name() == null || r.name().isBlank() || r.name().length() > 100) {
            throw new ConceptInputException("the set needs a name of 1 to 100 characters");
        }
        Set<String> tokens = new HashSet<>();
        BaseModelId base = BaseModelId.of(r.modelFolder());
        for (StoredConcept m : r.members()) {
            if (m.problem().isPresent()) {
                throw new ConceptInputException("\"" + m.label() + "\" cannot be used: " + m.problem().get());
            }
            Concept c = m.require();
            if (c.isFusedSet()) {
                throw new ConceptInputException("\"" + c.name() + "\" is a fused set already: fuse the single concepts "
                        + "it was made of (" + String.join(", ", c.fusedTokens()) + ") with the others instead");
            }
            if (!tokens.add(c.token())) {
                throw new ConceptInputException("two of the concepts have the token " + c.token() + ": a prompt could "
                        + "not tell them apart; give one of them another token (duplicate it under a new token)");
            }
            if (!c.baseModel().sameModel(base)) {
                throw new ConceptInputException(m.incompatibility(base).orElseThrow() + "; concepts of different base "
                        + "models cannot be fused");
            }
        }
        if (tokens.contains(r.token())) {
            throw new ConceptInputException("the set's token " + r.token() + " is one of its members' tokens: give the "
                    + "set a token of its own (prompts write the members' tokens)");
        }
        for (StoredConcept c : store.all()) {
            if (c.concept().map(x -> x.token().equals(r.token())).orElse(false)) {
                throw new ConceptInputException("the token " + r.token() + " is already \"" + c.label() + "\"'s: choose "
                        + "another token for the set");
            }
        }
        LibraryFolders.requireWritable(r.into());
        Path folder = r.into().folder();
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isWritable(existing)) {
            throw new ConceptInputException("the library folder " + folder + " cannot be written to: check its "
                    + "permissions or pick another library");
        }
    }

    @Override
    public StoredConcept fuse(Request r, IProgressMonitor monitor) throws IOException {
        check(r);
        SubMonitor sub = SubMonitor.convert(monitor, "Fusing " + r.members().size() + " concepts", 100);
        for (StoredConcept m : r.members()) {
            store.verify(m); // the weights are the ones each concept was saved with
        }
        Path work = Files.createTempDirectory("vswap-fuse-");
        try {
            long t0 = System.nanoTime();
            Path weights = work.resolve(WEIGHTS);
            Map<String, Double> figures = new LinkedHashMap<>();
            try {
                runtime.call(() -> {
                    sub.subTask("loading the model");
                    try (NDManager root = runtime.newManager();
                            VideoDiffusionModel model = VideoDiffusionModel.load(
                                    VideoDiffusionModel.Layout.of(r.modelFolder()), root)) {
                        List<MemberWeights> members = new ArrayList<>();
                        for (StoredConcept m : r.members()) {
                            MemberWeights w = MemberWeights.read(m.file(m.require().weights().file()), model);
                            if (!w.token().equals(m.require().token())) {
                                throw new ConceptInputException("\"" + m.label() + "\"'s weights are for the token "
                                        + w.token() + ", not " + m.require().token() + ": the concept is damaged");
                            }
                            GradientFusion.requireFusable(w, m.label());
                            members.add(w);
                        }
                        sub.worked(5);
                        figures.putAll(GradientFusion.fuse(model, members, r.token(), weights, sub.split(90), root));
                    }
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e.getMessage(), e);
            }
            figures.put("minutes", (System.nanoTime() - t0) / 60e9);
            List<Concept.Member> members = r.members().stream().map(m -> new Concept.Member(m.require().token(),
                    m.require().name(), m.require().weights().sha256())).toList();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("method", "Mix-of-Show gradient fusion (§3.3): per layer, the weights that best reproduce "
                    + "each concept's own outputs on its prompts' activations");
            settings.put("solver", "closed-form least squares, W = W0 + (sum dW_i G_i)(sum G_i + ridge)^-1, what "
                    + "Mix-of-Show's L-BFGS from W0 converges to");
            settings.put("ridge", "1e-4 x the mean eigenvalue of sum G_i");
            settings.put("layers", "text encoder and UNet attention projections with LoRA (full-rank deltas)");
            settings.put("prompts", "\"photo of a <token>\" and \"<token>\"; UNet activations over 20 DDIM steps "
                    + "of \"photo of a <token>\" without guidance, seeds 0, 1, … (one per member)");
            Concept set = new Concept(r.name(), r.token(), CLASS_WORD, "Fused from " + String.join(", ",
                    members.stream().map(m -> m.name() + " " + m.token()).toList()), List.of("fused"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), r.members().get(0).require().baseModel(),
                    List.of(), "", new Weights(WEIGHTS, "0".repeat(64), 0), new Training(settings, figures, ""),
                    List.of(), members);
            sub.subTask("adding the set to the library");
            StoredConcept stored = store.add(r.into(), set, Map.of(WEIGHTS, weights));
            sub.worked(5);
            return stored;
        } finally {
            AtomicFolder.deleteTree(work);
        }
    }
}
