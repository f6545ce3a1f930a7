package io.crowdengage.spektrix.testing;

/**
 * Where {@link FakeSpektrixServer} keeps a customer's tags, agreed statements and memberships.
 * Spektrix's documented customer samples hold none of them; public clients read statements with
 * {@code ?$expand=AllStatements} and tags from {@code customers/{id}/tags}.
 */
public enum CustomerCollections {
    /** In {@code customers/{id}} itself: {@code tags}, {@code agreedStatements}, {@code subscriptions}. */
    INLINE,
    /**
     * Not in {@code customers/{id}}; {@code ?$expand=AllStatements} adds {@code allStatements}
     * ({@code id}, {@code text}, {@code agreed}), {@code ?$expand=Subscriptions} adds
     * {@code subscriptions}, {@code customers/{id}/tags} and {@code customers/{id}/agreed-statements}
     * list the rest; any other expansion is 400, as an OData service refuses one.
     */
    EXPAND_OR_SUB_RESOURCE,
    /** Nowhere: every expansion is 400 and every sub-resource 404. */
    ABSENT
}
