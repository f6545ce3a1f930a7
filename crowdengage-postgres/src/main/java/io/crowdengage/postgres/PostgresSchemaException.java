package io.crowdengage.postgres;

import io.crowdengage.error.CrowdEngageException;

/**
 * The database's schema is not one this code can use, or could not be brought to it. Thrown by
 * {@link PostgresSchema#migrate} and {@link PostgresSchema#verify} at start-up, before any store is
 * handed out, so that an application never runs against a schema it does not understand.
 */
public final class PostgresSchemaException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;

    /** Why the schema was refused. */
    public enum Reason {
        /**
         * The database is at a newer schema version than this code knows: a newer release of the
         * application migrated it. Run that release (or restore a backup taken before the upgrade);
         * this one will not write to a schema it does not understand.
         */
        NEWER_THAN_CODE(false),
        /** The schema is older than the code and the application was told not to migrate it (a DBA applies it). */
        NOT_MIGRATED(false),
        /**
         * The history table disagrees with the code: a version is missing, or an applied script differs
         * from this code's script of the same version (it was edited by hand, or comes from another build).
         */
        HISTORY_MISMATCH(false),
        /** A migration script failed; nothing of that run was applied (it runs in one transaction). */
        MIGRATION_FAILED(false),
        /** The database could not be reached, or the lock or a statement timed out: try again. */
        UNAVAILABLE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    PostgresSchemaException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    PostgresSchemaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }

    @Override
    protected String area() {
        return "POSTGRES_SCHEMA";
    }

    @Override
    public boolean retryable() {
        return reason.retryable;
    }
}
