package io.vswap.batch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.eclipse.core.runtime.IProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;

import io.vswap.batch.api.BatchJob;
import io.vswap.batch.api.BatchJobType;
import io.vswap.batch.api.JobSpec;
import io.vswap.batch.internal.BatchCommand;

/**
 * A job that runs out of memory ends as a failed job with the memory said in words (exit 1), not
 * with the JVM's stack trace and the launcher's exit 13 and a log in the installation.
 */
class OutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aJobThatRunsOutOfMemoryFailsInWords() throws Exception {
        BatchJobType hungry = new BatchJobType() {
            @Override
            public String type() {
                return "hungry";
            }

            @Override
            public String description() {
                return "allocates more than the heap";
            }

            @Override
            public BatchJob parse(JobSpec spec) {
                return new BatchJob() {
                    @Override
                    public String describe() {
                        return "hungry";
                    }

                    @Override
                    public String run(IProgressMonitor monitor) {
                        // a real allocation larger than any test heap (16 GB): the JVM's own OutOfMemoryError
                        long[] big = new long[Integer.MAX_VALUE - 16];
                        return "got " + big.length;
                    }
                };
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("component.name", "test.hungry");
        ServiceRegistration<BatchJobType> reg = BatchRun.context().registerService(BatchJobType.class, hungry, props);
        try {
            BatchRun r = BatchRun.run(BatchRun.writeSpec(dir, "{\"jobs\": [{\"type\": \"hungry\"}]}").toString());
            assertEquals(BatchCommand.EXIT_JOB_FAILED, r.exitCode, r.err);
            assertTrue(r.err.contains("FAILED: not enough memory: the job needed more than the ")
                    && r.err.contains("VSWAP_XMX"), r.err);
            assertFalse(r.err.contains("java.lang.OutOfMemoryError"), r.err);
        } finally {
            reg.unregister();
        }
    }
}
