package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.vswap.points.api.ClipPointTracking;
import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.PointTracker;
import io.vswap.testing.TestServices;

/** DS registers the tracker, the propagator, the store and the batch call. */
class ServiceWiringTest {

    @Test
    void servicesAreRegistered() {
        assertEquals("opencv-lk", TestServices.await(PointTracker.class).id());
        assertEquals("local-affine", TestServices.await(DragPropagator.class).id());
        TestServices.await(PointSetStore.class);
        TestServices.await(ClipPointTracking.class);
    }
}
