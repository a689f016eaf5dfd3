package io.vswap.concepts.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobField;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.batch.api.TimeLeft;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptFusion;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.ModelProvider;

/** The {@code fuse-concepts} job: several concepts fused into one set (Mix-of-Show gradient fusion), added to a library. */
@Component(service = BatchJobType.class)
public final class FuseConceptsJobType implements BatchJobType {

    static final JobField CONCEPTS = JobField.required("concepts", JobField.Kind.NAMES,
            "the concepts to fuse, 2 or more: each a token (<hexagon1>) in the libraries in use, or a concept's folder");
    static final JobField TOKEN = JobField.required("token", JobField.Kind.TEXT,
            "the set's own token (<shapes1>), unique in the libraries; prompts write the members' tokens");
    static final JobField NAME = JobField.optional("name", JobField.Kind.TEXT, "the token", "the set's name");
    private static final List<JobField> FIELDS = List.of(CONCEPTS, TOKEN, NAME, ConceptJobs.LIBRARY, ConceptJobs.MODEL);

    @Reference
    private ConceptStore store;

    @Reference
    private ConceptFusion fusion;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Override
    public String type() {
        return "fuse-concepts";
    }

    @Override
    public String description() {
        return "fuse 2 or more ED-LoRA concepts of one base model into one set (Mix-of-Show gradient fusion) and add "
                + "it to a library; every member's token draws it through the set, several in one prompt";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        List<String> named = spec.optStrings(CONCEPTS.name()).orElse(List.of());
        if (named.size() < ConceptFusion.MIN_MEMBERS) {
            throw spec.error(CONCEPTS.name(), "names " + named.size() + " concept" + (named.size() == 1 ? "" : "s")
                    + "; fusing takes at least " + ConceptFusion.MIN_MEMBERS);
        }
        String token = TOKEN.text(spec);
        try {
            Concept.requireToken(token);
        } catch (IllegalArgumentException e) {
            throw spec.error(TOKEN.name(), e.getMessage());
        }
        String name = NAME.optText(spec).orElse(token);
        Optional<Path> model = ConceptJobs.MODEL.optPath(spec);
        ConceptLibrary into = ConceptJobs.library(store, spec);
        return new BatchJob() {
            @Override
            public String describe() {
                return "fuse " + String.join(" + ", named) + " → " + token + " in " + into.folder();
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                List<StoredConcept> members = new ArrayList<>();
                for (String n : named) {
                    members.add(ConceptJobs.find(store, n, Optional.of(into)));
                }
                long t0 = System.nanoTime();
                StoredConcept set = fusion.fuse(new ConceptFusion.Request(ConceptJobs.modelFolder(model, models),
                        members, name, token, into), monitor);
                var fig = set.require().training().figures();
                StringBuilder fit = new StringBuilder();
                for (String t : set.require().fusedTokens()) {
                    Double e = fig.get("fitError." + t.substring(1, t.length() - 1));
                    fit.append(fit.isEmpty() ? "" : ", ").append(t).append(e == null ? "" : String.format(Locale.ROOT,
                            " %.2f %%", 100 * e));
                }
                return "\"" + set.label() + "\" (" + token + ") → " + set.folder() + ": layer outputs missed by "
                        + fit + ", " + TimeLeft.duration((System.nanoTime() - t0) / 1_000_000_000L);
            }
        };
    }
}
