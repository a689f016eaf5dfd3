package io.vswap.install.api;

/**
 * Why a site could not be read or a feature not installed, in words for the user
 * ({@link #getMessage()}: what is wrong and what to do, no library names), with what p2 said
 * kept apart for a "Details" section ({@link #details()}).
 */
public class InstallProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final String details;

    public InstallProblem(String message, String details) {
        super(message);
        this.details = details == null ? "" : details;
    }

    public InstallProblem(String message, String details, Throwable cause) {
        super(message, cause);
        this.details = details == null ? "" : details;
    }

    /** p2's own report (statuses, exceptions), for a Details section; may be empty. */
    public String details() {
        return details;
    }
}
