-- An erasure of the customer closes their open access requests: a part fetched after it would be a copy of data the
-- erasure removed. The request stays, naming the erasure request that closed it.
ALTER TABLE access_request DROP CONSTRAINT access_request_status_check;
ALTER TABLE access_request ADD CONSTRAINT access_request_status_check
    CHECK (status IN ('OPEN', 'COMPLETED', 'CLOSED_BY_ERASURE'));
ALTER TABLE access_request ADD COLUMN closed_by_erasure uuid;
