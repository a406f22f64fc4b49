-- Run once by the postgres container on first start (empty data volume): one PostgreSQL instance, one database per
-- service, and each service's application role, which its migrations (run as postgres, the owner) grant only what
-- the service does (docs/security.md, "Database"). Local demo only: the passwords are the role names.
CREATE DATABASE customer;
CREATE DATABASE consent;
CREATE DATABASE retention;
CREATE ROLE customer_app LOGIN PASSWORD 'customer_app';
CREATE ROLE consent_app LOGIN PASSWORD 'consent_app';
CREATE ROLE retention_app LOGIN PASSWORD 'retention_app';
