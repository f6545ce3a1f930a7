-- crowdengage-postgres V1: the send ledger and the consent ledger.
--
-- Instants are kept to the nanosecond: each is a timestamptz (to the microsecond, what queries and
-- people read) plus a *_ns column with the nanoseconds below the microsecond (0 to 999).

CREATE TABLE ${schema}.send_record (
    step_id             text        NOT NULL,
    performance_id      text        NOT NULL,
    phone               text        NOT NULL,
    reference           text        NOT NULL,
    body                text        NOT NULL,
    claimed_at          timestamptz NOT NULL,
    claimed_at_ns       smallint    NOT NULL,
    deadline            timestamptz NOT NULL,
    deadline_ns         smallint    NOT NULL,
    status              text        NOT NULL,
    attempts            integer     NOT NULL,
    next_attempt_at     timestamptz,
    next_attempt_at_ns  smallint,
    provider_message_id text,
    detail              text        NOT NULL,
    updated_at          timestamptz NOT NULL,
    updated_at_ns       smallint    NOT NULL,
    -- The claim's arbiter: INSERT ... ON CONFLICT on this key lets exactly one instance win.
    CONSTRAINT send_record_pkey PRIMARY KEY (step_id, performance_id, phone),
    CONSTRAINT send_record_reference_key UNIQUE (reference),
    CONSTRAINT send_record_status_check
        CHECK (status IN ('CLAIMED', 'RETRY_PENDING', 'ACCEPTED', 'DELIVERED', 'FAILED', 'UNKNOWN')),
    CONSTRAINT send_record_attempts_check CHECK (attempts >= 0),
    CONSTRAINT send_record_next_attempt_check CHECK ((next_attempt_at IS NULL) = (next_attempt_at_ns IS NULL)),
    CONSTRAINT send_record_ns_check CHECK (claimed_at_ns BETWEEN 0 AND 999 AND deadline_ns BETWEEN 0 AND 999
        AND updated_at_ns BETWEEN 0 AND 999 AND (next_attempt_at_ns IS NULL OR next_attempt_at_ns BETWEEN 0 AND 999))
);

COMMENT ON TABLE ${schema}.send_record IS
    'crowdengage send ledger: one row per (step, performance, number) ever claimed; a claim is never released';

-- What each tick reads: the claims still in flight, oldest first. Partial, so it stays the size of what is in flight.
CREATE INDEX send_record_unsettled ON ${schema}.send_record (claimed_at, claimed_at_ns, reference)
    WHERE status IN ('CLAIMED', 'RETRY_PENDING');

-- Loading the history of the performances in the runtime's window.
CREATE INDEX send_record_performance ON ${schema}.send_record (performance_id);

-- Retention: settled records by age.
CREATE INDEX send_record_settled_updated ON ${schema}.send_record (updated_at)
    WHERE status IN ('ACCEPTED', 'DELIVERED', 'FAILED', 'UNKNOWN');

-- Provider ids, first holder wins: a delivery report carrying only the provider's id finds the send it was first
-- given to, and an id reused later cannot take it over.
CREATE TABLE ${schema}.send_provider_message (
    provider_message_id text NOT NULL,
    step_id             text NOT NULL,
    performance_id      text NOT NULL,
    phone               text NOT NULL,
    CONSTRAINT send_provider_message_pkey PRIMARY KEY (provider_message_id),
    CONSTRAINT send_provider_message_record_fkey FOREIGN KEY (step_id, performance_id, phone)
        REFERENCES ${schema}.send_record (step_id, performance_id, phone) ON DELETE CASCADE
);

CREATE INDEX send_provider_message_record ON ${schema}.send_provider_message (step_id, performance_id, phone);

-- A status only moves forward, and what the claim fixed never changes, whoever writes the row (the store, or a
-- person with psql). The table of moves is SendStatus.canMoveTo's; a test checks that the two agree.
CREATE FUNCTION ${schema}.send_record_forward_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.step_id <> OLD.step_id OR NEW.performance_id <> OLD.performance_id OR NEW.phone <> OLD.phone
        OR NEW.reference <> OLD.reference OR NEW.body <> OLD.body
        OR NEW.claimed_at <> OLD.claimed_at OR NEW.claimed_at_ns <> OLD.claimed_at_ns
        OR NEW.deadline <> OLD.deadline OR NEW.deadline_ns <> OLD.deadline_ns THEN
        RAISE EXCEPTION 'send % keeps what its claim fixed (key, reference, body, claim time, deadline)', OLD.reference
            USING ERRCODE = 'CEI01';
    END IF;
    IF NOT (NEW.status = OLD.status
        OR OLD.status IN ('CLAIMED', 'RETRY_PENDING')
        OR (OLD.status = 'ACCEPTED' AND NEW.status IN ('DELIVERED', 'FAILED'))
        OR (OLD.status = 'UNKNOWN' AND NEW.status IN ('ACCEPTED', 'DELIVERED', 'FAILED'))) THEN
        RAISE EXCEPTION 'send % cannot move from % to %: a status only moves forward', OLD.reference, OLD.status, NEW.status
            USING ERRCODE = 'CEF01';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER send_record_forward_only BEFORE UPDATE ON ${schema}.send_record
    FOR EACH ROW EXECUTE FUNCTION ${schema}.send_record_forward_only();

-- The consent ledger: append-only, in append order (seq) per number. Never purged by crowdengage.
CREATE TABLE ${schema}.consent_record (
    seq                     bigint GENERATED ALWAYS AS IDENTITY,
    phone                   text        NOT NULL,
    kind                    text        NOT NULL,
    at                      timestamptz NOT NULL,
    at_ns                   smallint    NOT NULL,
    opt_out_source          text,
    probable                boolean,
    detail                  text,
    message_reference       text,
    evidence_source         text,
    evidence_wording        text,
    evidence_name           text,
    evidence_email          text,
    evidence_postal_address text,
    evidence_form_reference text,
    evidence_ip_address     text,
    recorded_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT consent_record_pkey PRIMARY KEY (seq),
    CONSTRAINT consent_record_at_ns_check CHECK (at_ns BETWEEN 0 AND 999),
    CONSTRAINT consent_record_kind_check CHECK (
        (kind = 'OPTED_OUT' AND opt_out_source IN ('SMS_KEYWORD', 'PROVIDER', 'STAFF', 'IMPORT')
            AND probable IS NOT NULL AND detail IS NOT NULL)
        OR (kind = 'OPTED_IN' AND detail IS NOT NULL)
        OR (kind = 'EXPRESS_CONSENT' AND evidence_source IS NOT NULL AND evidence_wording IS NOT NULL)
        OR (kind = 'SOFT_OPT_IN_NOTICE_SENT' AND message_reference IS NOT NULL)
        OR (kind = 'SOFT_OPT_IN_NOTICE_UNDELIVERED' AND message_reference IS NOT NULL AND detail IS NOT NULL)
        OR kind = 'CONVERSATION_OPENED')
);

COMMENT ON TABLE ${schema}.consent_record IS
    'crowdengage consent ledger: every opt-out, opt-in, consent and notice per number, append-only; never purged by crowdengage';

CREATE INDEX consent_record_history ON ${schema}.consent_record (phone, seq);

CREATE FUNCTION ${schema}.consent_record_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consent record % is append-only: record a new one instead of changing it', OLD.seq
        USING ERRCODE = 'CEA01';
END
$$;

CREATE TRIGGER consent_record_append_only BEFORE UPDATE ON ${schema}.consent_record
    FOR EACH ROW EXECUTE FUNCTION ${schema}.consent_record_append_only();
