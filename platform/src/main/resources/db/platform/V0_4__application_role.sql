-- Two database roles (docs/security.md, "Database"): migrations run as the schema's owner (quarkus.flyway.username),
-- the service connects as its application role (quarkus.datasource.username, the placeholder). The application role
-- reads and writes the service's tables, but only appends to the audit trail: it cannot update, delete, truncate or
-- alter audit_event, nor drop its trigger, which only the owner may. Expired audit rows are deleted through
-- delete_expired_audit_events, which runs as the owner and keeps at least three years whatever it is asked.
-- Where both are one role (a developer's database), there is nothing to grant.
CREATE FUNCTION delete_expired_audit_events(kept interval) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    deleted integer;
BEGIN
    IF kept < interval '3 years' THEN
        RAISE EXCEPTION 'the audit trail is kept at least 3 years, not %', kept;
    END IF;
    DELETE FROM audit_event WHERE occurred_at < now() - kept;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION delete_expired_audit_events(interval) FROM PUBLIC;

DO $$
DECLARE
    application_role text := '${application_role}';
BEGIN
    IF application_role = current_user THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', application_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', application_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', application_role);
    -- Tables and sequences of later migrations, which the owner creates, are granted alike.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   application_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I',
                   application_role);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM %I', application_role);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM %I', application_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION delete_expired_audit_events(interval) TO %I', application_role);
END;
$$;
