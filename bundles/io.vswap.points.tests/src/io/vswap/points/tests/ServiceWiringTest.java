package io.vswap.points.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.vswap.points.api.ClipPointTracking;
import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.PointTracker;

/** DS registers the tracker, the propagator, the store and the batch call. */
class ServiceWiringTest {

    @Test
    void servicesAreRegistered() {
        assertEquals("opencv-lk", Services.get(PointTracker.class).id());
        assertEquals("local-affine", Services.get(DragPropagator.class).id());
        Services.get(PointSetStore.class);
        Services.get(ClipPointTracking.class);
    }
}
