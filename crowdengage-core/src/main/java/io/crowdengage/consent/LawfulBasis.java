package io.crowdengage.consent;

/** The legal ground a message is sent on; recorded with every send. */
public enum LawfulBasis {
    /** Service information under the contract with the ticket buyer (transactional messages). */
    CONTRACT,
    /** PECR soft opt-in: the notice offering STOP was sent earlier and the number has not opted out. */
    SOFT_OPT_IN,
    /** Express consent, recorded with evidence, given by START, or derived from a configured ticketing preference or tag. */
    EXPRESS,
    /** The number texted in: replies within that conversation only. */
    IMPLIED
}
