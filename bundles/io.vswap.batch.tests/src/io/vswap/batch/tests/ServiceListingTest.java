package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.api.SpecException;
import io.vswap.batch.internal.ServiceListing;
import io.vswap.video.api.VideoCodec;
import io.vswap.video.api.VideoCodecRegistry;

/** --list-services shows every seam's services with their bundles; job types come from any bundle. */
class ServiceListingTest {

    @TempDir
    Path dir;

    @Test
    void listsCodecsAndJobTypesWithTheirBundles() throws Exception {
        BatchRun.service(VideoCodec.class);
        BatchRun.service(VideoCodecRegistry.class);
        BatchRun.service(BatchJobType.class);
        List<ServiceListing.Entry> entries = ServiceListing.list(BatchRun.context());
        Bundle video = FrameworkUtil.getBundle(VideoCodec.class);
        Bundle batch = FrameworkUtil.getBundle(BatchJobType.class);
        assertTrue(entries.stream().anyMatch(e -> e.seam().equals(VideoCodec.class.getName()) && e.id().equals("ffmpeg")
                && e.bundle().equals("io.vswap.video") && e.bundleVersion().equals(video.getVersion().toString())),
                "the FFmpeg codec from io.vswap.video: " + entries);
        for (String type : List.of("import", "prepare")) {
            assertTrue(entries.stream().anyMatch(e -> e.seam().equals(BatchJobType.class.getName())
                    && e.id().equals(type) && e.bundle().equals(batch.getSymbolicName())), type + ": " + entries);
        }
        assertTrue(entries.stream().allMatch(e -> e.seam().matches("io\\.vswap\\..+\\.api\\.[A-Z]\\w*")),
                "only seams (interfaces in io.vswap.*.api) are listed: " + entries);

        BatchRun r = BatchRun.run("--list-services");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("io.vswap.video.api.VideoCodec\n"), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.contains("ffmpeg") && l.contains("io.vswap.video " + video.getVersion())),
                r.out);
    }

    /** A job type registered by another bundle (here: this test bundle) is listed and runs from a spec. */
    @Test
    void jobTypeFromAnotherBundle() throws Exception {
        BatchJobType echo = new BatchJobType() {
            @Override
            public String type() {
                return "echo";
            }

            @Override
            public String description() {
                return "prints its text";
            }

            @Override
            public BatchJob parse(JobSpec spec) throws SpecException {
                spec.requireOnly("text");
                String text = spec.string("text");
                return new BatchJob() {
                    @Override
                    public String describe() {
                        return "echo " + text;
                    }

                    @Override
                    public String run(IProgressMonitor monitor) {
                        monitor.beginTask("echo", 2);
                        monitor.worked(2);
                        return "said " + text;
                    }
                };
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("component.name", "test.echo");
        ServiceRegistration<BatchJobType> reg = BatchRun.context().registerService(BatchJobType.class, echo, props);
        try {
            BatchRun list = BatchRun.run("--list-services");
            assertTrue(list.out.lines().anyMatch(l -> l.contains("echo") && l.contains("io.vswap.batch.tests")), list.out);
            BatchRun r = BatchRun.run(BatchRun.writeSpec(dir, "{\"jobs\": [{\"type\": \"echo\", \"text\": \"hi\"}]}")
                    .toString());
            assertEquals(0, r.exitCode, r.err);
            assertTrue(r.out.contains("said hi"), r.out);
        } finally {
            reg.unregister();
        }
        BatchRun after = BatchRun.run("--list-services");
        assertFalse(after.out.contains("test.echo"), "gone once unregistered: " + after.out);
    }
}
