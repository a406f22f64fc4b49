-- Run once by the postgres container on first start (empty data volume):
-- one PostgreSQL instance, one database per service. Local demo only.
CREATE DATABASE customer;
CREATE DATABASE consent;
CREATE DATABASE retention;
