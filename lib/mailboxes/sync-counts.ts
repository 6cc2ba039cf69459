// What a sync run counts, once: the run summary, the sync log row, the CLI's JSON and Inngest's step
// result all copy these fields through pickSyncCounts (never a whole summary, which may grow fields).
export type SyncCounts = {
  fetched: number;
  created: number;
  appended: number;
  ignored: number;
  quarantined: number;
  duplicates: number;
  deleted: number;
};

const COUNT_FIELDS = ['fetched', 'created', 'appended', 'ignored', 'quarantined', 'duplicates', 'deleted'] as const;

export function emptySyncCounts(): SyncCounts {
  return pickSyncCounts({ fetched: 0, created: 0, appended: 0, ignored: 0, quarantined: 0, duplicates: 0, deleted: 0 });
}

/** Exactly the counts of `source`, as a new object. */
export function pickSyncCounts(source: SyncCounts): SyncCounts {
  return Object.fromEntries(COUNT_FIELDS.map((field) => [field, source[field]])) as SyncCounts;
}
