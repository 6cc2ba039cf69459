-- A case's change event also when only updated_at / closed_at moved: the API's case view shows both, and
-- the list ETag (the tenant's newest event id) must change whenever a list answer would.
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
         n.requester_email, n.requester_name, n.imported, n.updated_at, n.closed_at)
    IS DISTINCT FROM
        (o.status, o.assignee_id, o.mailbox_id, o.subject, o.last_activity_at, o.priority, o.tags,
         o.requester_email, o.requester_name, o.imported, o.updated_at, o.closed_at)
  GROUP BY n.tenant_id;
  RETURN NULL;
END $$;
