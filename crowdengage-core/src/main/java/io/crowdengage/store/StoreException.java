package io.crowdengage.store;

import io.crowdengage.error.CrowdEngageException;
import io.crowdengage.internal.Checks;
import io.crowdengage.internal.Redaction;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A send ledger or consent ledger could not do what was asked. Durable stores throw it (with
 * {@link Reason#UNAVAILABLE} when the database cannot be reached); the runtime also wraps anything
 * else a store throws in it, so a storage problem is reported per message as
 * {@code STORE_UNAVAILABLE} and never stops the other sends of a tick.
 *
 * <p>What the runtime reports and logs of a store's failure is made by
 * {@link #describing(Reason, String, String, Throwable)}: the operation, the store, the exception
 * classes and any SQL state, never the store's own words. A database error often quotes the row it
 * failed on, and a customer's name in it has no shape that masking could find. The store's words,
 * numbers and emails masked, stay on the exception as {@link #storeMessage()}, for a debugger.
 */
public final class StoreException extends CrowdEngageException {
    private static final long serialVersionUID = 1L;
    /** How deep a cause chain is followed; deeper causes are not described. */
    private static final int MAX_CAUSES = 8;

    /** Why the store failed. */
    public enum Reason {
        /** The store cannot be reached or timed out: a later attempt may succeed. */
        UNAVAILABLE(true),
        /** The store refused the operation (a broken invariant, a clash): the same call will fail again. */
        REFUSED(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;
    /** The failure's own words, masked; absent when this exception's message is the only text. */
    private final String storeMessage;
    /** Whether the message was built here from classes and codes only, so it can be logged and reported. */
    private final boolean described;

    /**
     * A store's own failure. The runtime does not repeat {@code message} in a log or a decision: it
     * describes this exception by {@link #describing} instead, so the message may be the store's
     * own words.
     */
    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = Checks.notNull(reason, "reason");
        this.storeMessage = null;
        this.described = false;
    }

    /** As {@link #StoreException(Reason, String)}, with the failure that caused it. */
    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Checks.notNull(reason, "reason");
        this.storeMessage = null;
        this.described = false;
    }

    private StoreException(Reason reason, String message, Throwable withheldCause, String storeMessage) {
        super(message, withheldCause);
        this.reason = reason;
        this.storeMessage = storeMessage;
        this.described = true;
    }

    /**
     * {@code failure} described so that it can be logged and put in a decision's detail:
     * "the send ledger's claim failed in JdbcSendLedger: IllegalStateException, caused by
     * PSQLException (SQLState 23505)". The message names the operation, the store and the class of
     * every exception in the cause chain, with the SQL state and vendor code of any
     * {@link SQLException}, and never the exceptions' messages. The cause is a stand-in for each
     * exception of the chain, with its class name and stack trace and without its message, so that a
     * logging backend printing the stack trace prints no customer's data either. The exceptions' own
     * messages, numbers and emails masked, are kept as {@link #storeMessage()}.
     *
     * <p>A {@code failure} that was itself made by this method is returned as it is.
     *
     * @param reason    why, as far as the caller can tell
     * @param operation what was asked of the store, for example "reading consent"
     * @param store     which store, for example its class's simple name
     * @param failure   what the store threw
     */
    public static StoreException describing(Reason reason, String operation, String store, Throwable failure) {
        Checks.notNull(reason, "reason");
        Checks.notBlank(operation, "operation");
        Checks.notBlank(store, "store");
        Checks.notNull(failure, "failure");
        if (failure instanceof StoreException e && e.described) {
            return e;
        }
        List<Throwable> chain = chainOf(failure);
        String classes = chain.stream().map(StoreException::describe).collect(Collectors.joining(", caused by "));
        String words = chain.stream().map(Throwable::getMessage).filter(m -> m != null && !m.isBlank())
                .map(Redaction::personalData).collect(Collectors.joining(" < "));
        return new StoreException(reason, operation + " failed in " + store + ": " + classes, withheld(chain),
                words.isEmpty() ? null : words);
    }

    @Override
    public Reason reason() {
        return reason;
    }

    /**
     * The store's own words about its failure, numbers and emails masked, when this exception was
     * made by {@link #describing}. They may still hold a customer's name (a row a database quoted):
     * for a debugger or a test, never for a log line or a report.
     */
    public Optional<String> storeMessage() {
        return Optional.ofNullable(storeMessage);
    }

    @Override
    protected String area() {
        return "STORE";
    }

    @Override
    public boolean retryable() {
        return reason.retryable;
    }

    /** {@code failure} and its causes, outermost first, without loops. */
    private static List<Throwable> chainOf(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** "IllegalStateException", "StoreException (REFUSED)", "PSQLException (SQLState 23505, code 0)". */
    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
        if (t instanceof StoreException e) {
            return name + " (" + e.reason() + ")";
        }
        return name + codes(t);
    }

    private static String codes(Throwable t) {
        if (t instanceof SQLException sql) {
            // The SQL state is five characters of a standard's codes; anything else is not repeated.
            String state = sql.getSQLState() != null && sql.getSQLState().matches("[0-9A-Z]{5}")
                    ? "SQLState " + sql.getSQLState() : "";
            String code = sql.getErrorCode() != 0 ? "code " + sql.getErrorCode() : "";
            String both = state.isEmpty() || code.isEmpty() ? state + code : state + ", " + code;
            return both.isEmpty() ? "" : " (" + both + ")";
        }
        return "";
    }

    /** Stand-ins for {@code chain}, linked as it was: each with its original's class and stack trace, no message. */
    private static Throwable withheld(List<Throwable> chain) {
        Throwable cause = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            cause = new WithheldFailure(chain.get(i), cause);
        }
        return cause;
    }

    /**
     * Stands in, in a cause chain, for an exception a store threw: a logging backend prints its class
     * name and where it was thrown, and not what it said.
     */
    private static final class WithheldFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WithheldFailure(Throwable original, Throwable cause) {
            super(original.getClass().getName() + codes(original) + " (its message is withheld: it may quote"
                    + " a customer)", cause, false, true);
            setStackTrace(original.getStackTrace());
        }
    }
}
