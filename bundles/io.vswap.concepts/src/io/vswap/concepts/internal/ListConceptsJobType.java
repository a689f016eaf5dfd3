package io.vswap.concepts.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import io.vswap.concepts.api.BaseModelId;
import io.vswap.concepts.api.Concept;
import io.vswap.concepts.api.ConceptLibrary;
import io.vswap.concepts.api.ConceptStore;
import io.vswap.concepts.api.StoredConcept;
import io.vswap.diffusion.api.ModelProvider;

/** The {@code list-concepts} job: the concepts in use, one line each, with whether they work with the model. */
@Component(service = BatchJobType.class)
public final class ListConceptsJobType implements BatchJobType {

    static final JobField SEARCH = JobField.optional("search", JobField.Kind.TEXT, "every concept",
            "only the concepts whose name, token, class word, description or a tag contains this");
    private static final List<JobField> FIELDS = List.of(ConceptJobs.LIBRARY, ConceptJobs.MODEL, SEARCH);

    @Reference
    private ConceptStore store;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<ModelProvider> models;

    @Override
    public String type() {
        return "list-concepts";
    }

    @Override
    public String description() {
        return "list the concepts of the libraries in use (or of one library): token, name, class word, library, and "
                + "whether each works with the base model in use";
    }

    @Override
    public List<JobField> fields() {
        return FIELDS;
    }

    @Override
    public BatchJob parse(JobSpec spec) throws SpecException {
        spec.requireOnly(FIELDS);
        Optional<Path> library = ConceptJobs.LIBRARY.optPath(spec);
        ConceptLibrary one = library.isPresent() ? ConceptJobs.library(store, spec) : null;
        Optional<Path> model = ConceptJobs.MODEL.optPath(spec);
        String search = SEARCH.optText(spec).orElse("");
        return new BatchJob() {
            @Override
            public String describe() {
                return "list the concepts" + (one == null ? "" : " of " + one.folder());
            }

            @Override
            public String run(IProgressMonitor monitor) throws Exception {
                BaseModelId inUse = ConceptJobs.model(model, models);
                List<StoredConcept> concepts = one == null ? store.all() : store.list(one);
                List<String> lines = new ArrayList<>();
                for (StoredConcept c : concepts) {
                    if (c.concept().isPresent() && !c.concept().get().matches(search)) {
                        continue;
                    }
                    String status = c.incompatibility(inUse).map(w -> "cannot be used: " + w).orElse("ready");
                    lines.add(c.concept().map(Concept::token).orElse("?") + "  " + c.label() + "  ("
                            + c.concept().map(Concept::classWord).orElse("?") + ", " + c.library().name() + ")  "
                            + status);
                }
                return lines.size() + " concept(s)" + (lines.isEmpty() ? "" : ":\n" + String.join("\n", lines));
            }
        };
    }
}
