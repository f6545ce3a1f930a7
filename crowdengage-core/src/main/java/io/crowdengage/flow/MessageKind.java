package io.crowdengage.flow;

/**
 * What a flow message is in law. The kind decides the consent it needs.
 */
public enum MessageKind {
    /**
     * Service information for a booking (directions, running times, a review request): lawful under
     * the contract with the ticket buyer, needs no prior consent, but is never sent to a number that
     * opted out.
     */
    TRANSACTIONAL,
    /**
     * An offer (pre-show drinks, a programme): PECR marketing. Sent only with a basis (the soft
     * opt-in notice sent earlier, or express consent) and always with the opt-out footer.
     */
    MARKETING
}
