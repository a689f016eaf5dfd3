package io.vswap.eval.ui.internal.handlers;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;

import io.vswap.eval.api.Evaluator;
import io.vswap.eval.ui.internal.ReportExport;
import io.vswap.eval.ui.internal.ReportSource;
import io.vswap.ui.api.StudioServices;

/** Export Report… from the Evaluation view or the Compare editor: asks for a folder, writes the report there. */
public class ExportReportHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        if (!(part instanceof ReportSource source)) {
            return null;
        }
        if (source.evaluations().isEmpty()) {
            return ReportExport.exportTo(source, null, null); // says there is nothing yet
        }
        Path folder = ReportExport.askFolder(HandlerUtil.getActiveShellChecked(event), source.suggestedFolder());
        if (folder == null) {
            return null;
        }
        return ReportExport.exportTo(source, StudioServices.require(part.getSite(), Evaluator.class), folder);
    }
}
