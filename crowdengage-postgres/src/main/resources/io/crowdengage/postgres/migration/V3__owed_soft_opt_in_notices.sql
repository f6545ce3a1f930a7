-- crowdengage-postgres V3: the soft opt-in notices still owed a decision when a tick ended, so that a
-- restart decides them instead of losing them. Three arrays of the same length, one entry per notice.

ALTER TABLE ${schema}.runtime_state
    ADD COLUMN owed_booking_ids     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN owed_performance_ids text[] NOT NULL DEFAULT '{}',
    ADD COLUMN owed_customer_ids    text[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT runtime_state_owed_notices_check CHECK (
        cardinality(owed_booking_ids) = cardinality(owed_performance_ids)
        AND cardinality(owed_booking_ids) = cardinality(owed_customer_ids));
