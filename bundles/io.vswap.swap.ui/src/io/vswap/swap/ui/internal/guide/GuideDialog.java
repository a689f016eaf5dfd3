package io.vswap.swap.ui.internal.guide;

import org.eclipse.jface.wizard.IWizard;
import org.eclipse.jface.wizard.ProgressMonitorPart;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;

/**
 * The New Swap wizard's dialog: its progress bar (import, tracking) takes room only while it
 * shows, so the clip page keeps the height it has in Import Video (it fits a 1280×800 screen).
 */
public final class GuideDialog extends WizardDialog {

    public GuideDialog(Shell parent, IWizard wizard) {
        super(parent, wizard);
    }

    @Override
    protected ProgressMonitorPart createProgressMonitorPart(Composite composite, GridLayout pmlayout) {
        ProgressMonitorPart part = super.createProgressMonitorPart(composite, pmlayout);
        part.addListener(SWT.Show, e -> exclude(part, false));
        part.addListener(SWT.Hide, e -> exclude(part, true));
        return part;
    }

    private static void exclude(ProgressMonitorPart part, boolean excluded) {
        if (part.getLayoutData() instanceof GridData g && g.exclude != excluded) {
            g.exclude = excluded;
            part.getParent().layout(true);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        // hidden until a step runs: the part was created hidden, before its listeners could say so
        if (getProgressMonitor() instanceof ProgressMonitorPart part && !part.isVisible()) {
            exclude(part, true);
        }
    }
}
