/**
 * Durable state for crowdengage on PostgreSQL: the send ledger, the consent ledger, the runtime's
 * own state and the ticker lease, in one schema per venue, wired from the application's
 * {@link javax.sql.DataSource} by {@link io.crowdengage.postgres.CrowdEngagePostgres}, with the
 * schema's versioned scripts in {@link io.crowdengage.postgres.PostgresSchema}. See docs/postgres.md.
 */
package io.crowdengage.postgres;
