-- Counts kept, not recounted, and the change feed open tabs follow (README, "Live workspace").
-- Statement-level triggers with transition tables: one set-based step per statement, so a batch insert of
-- a thousand cases costs one upsert per count key, and every writer (ingest, import, API, UI, CLI) keeps
-- case_counts and live_events right inside its own transaction without knowing about them.
SELECT caseflow_enable_tenant_rls('case_counts'::regclass);
--> statement-breakpoint
SELECT caseflow_enable_tenant_rls('live_events'::regclass);
--> statement-breakpoint
GRANT USAGE ON SEQUENCE live_events_id_seq TO caseflow_app, caseflow_system;
--> statement-breakpoint
-- Records changed cases of one tenant in live_events and tells every listening app instance.
-- More than 100 cases in one statement (an import, a bulk update) become one `resync` event instead.
-- The NOTIFY payload carries the events themselves, so listeners fan out without querying.
CREATE OR REPLACE FUNCTION caseflow_publish_live(p_tenant uuid, p_numbers bigint[], p_kind text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  events json;
BEGIN
  IF p_numbers IS NULL OR cardinality(p_numbers) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(p_numbers) > 100 THEN
    WITH ins AS (
      INSERT INTO live_events (tenant_id, case_number, kind) VALUES (p_tenant, NULL, 'resync')
      RETURNING id, case_number, kind
    )
    SELECT json_agg(json_build_array(id, case_number, kind)) INTO events FROM ins;
  ELSE
    WITH ins AS (
      INSERT INTO live_events (tenant_id, case_number, kind)
      SELECT p_tenant, n, p_kind FROM (SELECT DISTINCT unnest(p_numbers) AS n) d ORDER BY n
      RETURNING id, case_number, kind
    )
    SELECT json_agg(json_build_array(id, case_number, kind) ORDER BY id) INTO events FROM ins;
  END IF;
  PERFORM pg_notify('caseflow_live', json_build_object('t', p_tenant, 'e', events)::text);
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION caseflow_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted by key so concurrent writers take the count rows' locks in one order (no deadlock).
  INSERT INTO case_counts AS cc (tenant_id, status, mailbox_id, assignee_id, imported, n)
  SELECT tenant_id, status, mailbox_id, assignee_id, imported, count(*)
  FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_counts_key DO UPDATE SET n = cc.n + excluded.n;
  PERFORM caseflow_publish_live(tenant_id, array_agg(number), 'case') FROM new_rows GROUP BY tenant_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION caseflow_cases_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Net change per key; a pure activity bump nets to zero and touches no count row.
  INSERT INTO case_counts AS cc (tenant_id, status, mailbox_id, assignee_id, imported, n)
  SELECT tenant_id, status, mailbox_id, assignee_id, imported, sum(d)
  FROM (
    SELECT tenant_id, status, mailbox_id, assignee_id, imported, 1 AS d FROM new_rows
    UNION ALL
    SELECT tenant_id, status, mailbox_id, assignee_id, imported, -1 AS d FROM old_rows
  ) x
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ON CONSTRAINT case_counts_key DO UPDATE SET n = cc.n + excluded.n;
  PERFORM caseflow_publish_live(n.tenant_id, array_agg(n.number), 'case')
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.status, n.assignee_id, n.mailbox_id, n.subject, n.last_activity_at, n.priority, n.tags,
         n.requester_email, n.requester_name, n.imported)
    IS DISTINCT FROM
        (o.status, o.assignee_id, o.mailbox_id, o.subject, o.last_activity_at, o.priority, o.tags,
         o.requester_email, o.requester_name, o.imported)
  GROUP BY n.tenant_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deletes only decrement (never insert): under a tenant's cascade delete the tenant row is already gone.
CREATE OR REPLACE FUNCTION caseflow_cases_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_counts cc SET n = cc.n - d.c
  FROM (
    SELECT tenant_id, status, mailbox_id, assignee_id, imported, count(*) AS c
    FROM old_rows GROUP BY 1, 2, 3, 4, 5
  ) d
  WHERE cc.tenant_id = d.tenant_id AND cc.status = d.status AND cc.imported = d.imported
    AND cc.mailbox_id IS NOT DISTINCT FROM d.mailbox_id AND cc.assignee_id IS NOT DISTINCT FROM d.assignee_id;
  PERFORM caseflow_publish_live(o.tenant_id, array_agg(o.number), 'case')
  FROM old_rows o
  WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.id = o.tenant_id)
  GROUP BY o.tenant_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION caseflow_case_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM caseflow_publish_live(c.tenant_id, array_agg(DISTINCT c.number), 'message')
    FROM new_rows m JOIN cases c ON c.id = m.case_id
    GROUP BY c.tenant_id;
  ELSE
    -- Delivery progress of a reply (queued → sent / failed) is what an open case page shows.
    PERFORM caseflow_publish_live(c.tenant_id, array_agg(DISTINCT c.number), 'message')
    FROM new_rows m JOIN old_rows o ON o.id = m.id JOIN cases c ON c.id = m.case_id
    WHERE (m.delivery_status, m.delivery_error) IS DISTINCT FROM (o.delivery_status, o.delivery_error)
    GROUP BY c.tenant_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cases_live_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caseflow_cases_inserted();
--> statement-breakpoint
CREATE TRIGGER cases_live_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caseflow_cases_updated();
--> statement-breakpoint
CREATE TRIGGER cases_live_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION caseflow_cases_deleted();
--> statement-breakpoint
CREATE TRIGGER case_messages_live_insert AFTER INSERT ON case_messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caseflow_case_messages_changed();
--> statement-breakpoint
CREATE TRIGGER case_messages_live_update AFTER UPDATE ON case_messages
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION caseflow_case_messages_changed();
--> statement-breakpoint
-- Counts for the cases that exist already (the triggers keep them from here on).
LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
INSERT INTO case_counts (tenant_id, status, mailbox_id, assignee_id, imported, n)
SELECT tenant_id, status, mailbox_id, assignee_id, imported, count(*) FROM cases GROUP BY 1, 2, 3, 4, 5
ON CONFLICT ON CONSTRAINT case_counts_key DO UPDATE SET n = excluded.n;
