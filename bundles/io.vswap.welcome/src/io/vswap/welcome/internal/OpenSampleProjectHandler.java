package io.vswap.welcome.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.ui.api.StudioServices;
import io.vswap.welcome.internal.sample.SampleProject;
import io.vswap.welcome.internal.sample.SampleServices;

/** Open the Sample Project: makes it (first time) or reopens it, in a job, then selects its clip. */
public class OpenSampleProjectHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        new OpenSampleProjectJob(StudioServices.require(window, SampleServices.class), StudioServices.session(),
                SampleProject.defaultParent(), window).schedule();
        return null;
    }
}
