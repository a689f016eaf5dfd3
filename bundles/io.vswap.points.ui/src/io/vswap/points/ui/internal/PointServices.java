package io.vswap.points.ui.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.vswap.points.api.DragPropagator;
import io.vswap.points.api.PointSetStore;
import io.vswap.points.api.PointTracker;

/**
 * The point services the editor delegates to, each the highest-ranked one registered (so a
 * studio's tracker or propagator installed later replaces ours without code changes here:
 * static greedy references re-bind this component to it).
 */
@Component(service = PointServices.class)
public final class PointServices {

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private PointTracker tracker;

    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    private DragPropagator propagator;

    @Reference
    private PointSetStore store;

    public PointTracker tracker() {
        return tracker;
    }

    public DragPropagator propagator() {
        return propagator;
    }

    public PointSetStore store() {
        return store;
    }
}
