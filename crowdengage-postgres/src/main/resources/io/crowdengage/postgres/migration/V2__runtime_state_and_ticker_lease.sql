-- crowdengage-postgres V2: the runtime's own state (what a restart resumes from) and the ticker lease.

CREATE TABLE ${schema}.runtime_state (
    name              text        NOT NULL,
    revision          bigint      NOT NULL,
    change_cursor     text,
    last_tick_at      timestamptz,
    last_tick_at_ns   smallint,
    next_reference    bigint      NOT NULL,
    saved_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT runtime_state_pkey PRIMARY KEY (name),
    CONSTRAINT runtime_state_revision_check CHECK (revision >= 0),
    CONSTRAINT runtime_state_next_reference_check CHECK (next_reference >= 1),
    CONSTRAINT runtime_state_last_tick_check CHECK ((last_tick_at IS NULL) = (last_tick_at_ns IS NULL)
        AND (last_tick_at_ns IS NULL OR last_tick_at_ns BETWEEN 0 AND 999))
);

COMMENT ON TABLE ${schema}.runtime_state IS
    'crowdengage runtime state: change cursor and last tick (saved by compare-and-set on revision), reference numbers';

INSERT INTO ${schema}.runtime_state (name, revision, next_reference) VALUES ('runtime', 0, 1);

-- One row per lease. Times are the arbiter's: the database's clock unless a test supplies one.
CREATE TABLE ${schema}.ticker_lease (
    name        text        NOT NULL,
    holder      text        NOT NULL,
    generation  bigint      NOT NULL,
    acquired_at timestamptz NOT NULL,
    renewed_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    released    boolean     NOT NULL DEFAULT false,
    CONSTRAINT ticker_lease_pkey PRIMARY KEY (name),
    CONSTRAINT ticker_lease_generation_check CHECK (generation >= 1),
    CONSTRAINT ticker_lease_expiry_check CHECK (expires_at >= acquired_at)
);

COMMENT ON TABLE ${schema}.ticker_lease IS
    'crowdengage ticker lease: which instance of the runtime ticks; the others stand by until it lapses';
